package org.pyros.bench;

/**
 * The command line of {@link Ros2Peer}: the C peers' ({@code ros2peer_common.h}) for what the
 * benchmark uses, plus {@code --raw} and {@code --warmup}.
 */
record Ros2PeerOptions(boolean pub, Ros2PeerContent.Kind type, String topic, long n, double hz, double timeoutS,
    int size, boolean stamp, boolean report, int waitMatch, double matchTimeoutS, int depth, boolean waitStdin,
    boolean raw, double warmupS) {

  static final String USAGE = """
      usage: Ros2Peer pub  string|image TOPIC N HZ        [options]
             Ros2Peer sub  string|image TOPIC N TIMEOUT_S [options]
      options: --size BYTES  --stamp  --report  --wait-match K  --match-timeout S  --depth D
               --wait-stdin  --reliable (the only reliability)  --raw  --warmup S
      domain id: ROS_DOMAIN_ID (default 0)""";

  String ddsTopic() {
    return "rt" + topic;
  }

  static Ros2PeerOptions parse(String[] a) {
    if (a.length < 5) {
      throw new IllegalArgumentException("too few arguments");
    }
    boolean pub = switch (a[0]) {
      case "pub" -> true;
      case "sub" -> false;
      default -> throw new IllegalArgumentException("the first argument must be pub or sub");
    };
    Ros2PeerContent.Kind type = switch (a[1]) {
      case "string" -> Ros2PeerContent.Kind.STRING;
      case "image" -> Ros2PeerContent.Kind.IMAGE;
      default -> throw new IllegalArgumentException("TYPE must be string or image");
    };
    String topic = a[2];
    if (!topic.startsWith("/") || topic.length() < 2) {
      throw new IllegalArgumentException("TOPIC must be a ROS name starting with '/'");
    }
    long n = Long.parseLong(a[3]);
    double rateOrTimeout = Double.parseDouble(a[4]);
    int size = -1;
    boolean stamp = false;
    boolean report = false;
    int waitMatch = -1;
    double matchTimeout = 30;
    int depth = 10;
    boolean waitStdin = false;
    boolean raw = false;
    double warmup = 0;
    for (int i = 5; i < a.length; i++) {
      switch (a[i]) {
        case "--size" -> size = Integer.parseInt(value(a, ++i));
        case "--stamp" -> stamp = true;
        case "--report" -> report = true;
        case "--wait-match" -> waitMatch = Integer.parseInt(value(a, ++i));
        case "--match-timeout" -> matchTimeout = Double.parseDouble(value(a, ++i));
        case "--depth" -> depth = Integer.parseInt(value(a, ++i));
        case "--reliable" -> { }
        case "--wait-stdin" -> waitStdin = true;
        case "--raw" -> raw = true;
        case "--warmup" -> warmup = Double.parseDouble(value(a, ++i));
        default -> throw new IllegalArgumentException("unknown option '" + a[i] + "'");
      }
    }
    if (n < 0 || size < -1 || depth < 1) {
      throw new IllegalArgumentException("N, --size and --depth must not be negative");
    }
    if (!raw && depth != 10) {
      throw new IllegalArgumentException("--depth other than 10 needs --raw (Ros2System takes ROS 2's default profile)");
    }
    if (size < 0) {
      size = type == Ros2PeerContent.Kind.IMAGE ? 1 << 20 : 0;
    }
    return new Ros2PeerOptions(pub, type, topic, n, pub ? rateOrTimeout : 0, pub ? 0 : rateOrTimeout, size,
        stamp || report, report, waitMatch, matchTimeout, depth, waitStdin, raw, warmup);
  }

  private static String value(String[] a, int i) {
    if (i >= a.length) {
      throw new IllegalArgumentException(a[i - 1] + " needs a value");
    }
    return a[i];
  }
}
