package org.pyros.bench;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pyros.ros2.rtps.transport.PortMapping;

/**
 * The {@code ros2} section of the benchmark: topics between Pyros ({@link Ros2Peer}, through
 * {@code Ros2System} and through the bare participant), Cyclone DDS and Fast DDS (the ROS 2-shaped
 * C peers of {@code ros2/src/test/peers}, built into {@code bench/target/ros2peers} by run.sh), one
 * publisher process and one subscriber process at a time, all in one DDS domain of this run on
 * loopback. The peers run with {@code ../shared/dds-peer/env.sh} (pinned to {@code lo}, no
 * multicast), Cyclone's configuration copied with the run's domain; Pyros with
 * {@code Ros2Settings.loopback}. Service round trips likewise, {@code example_interfaces/AddTwoInts}
 * with each RMW's request identity ({@link Ros2ServicePeer} on the Pyros side). The {@code bridge}
 * section ({@link BridgeBench}) runs in the same domain.
 */
final class Ros2Bench {
  /** Who publishes or subscribes. */
  enum Impl {
    PYROS("Pyros"), PYROS_RAW("Pyros participant"), CYCLONE("Cyclone"), FASTDDS("Fast DDS");

    final String label;

    Impl(String label) {
      this.label = label;
    }

    boolean java() {
      return this == PYROS || this == PYROS_RAW;
    }
  }

  record Pair(Impl from, Impl to) {
    String label() {
      return from.label + " → " + to.label;
    }
  }

  /** The three messages of the section. */
  enum Size {
    SMALL("std_msgs/String, small", "string"),
    KB("std_msgs/String, 1 KB", "string", "--size", "1024"),
    MB("sensor_msgs/Image, 1 MB", "image");

    final String label;
    final String type;
    final List<String> options;

    Size(String label, String type, String... options) {
      this.label = label;
      this.type = type;
      this.options = List.of(options);
    }
  }

  private static final Pair PYROS_PYROS = new Pair(Impl.PYROS, Impl.PYROS);
  private static final Pair CYCLONE_CYCLONE = new Pair(Impl.CYCLONE, Impl.CYCLONE);
  private static final int FIRST_DOMAIN = 77;
  private static final int LATENCY_HZ = 500;

  private final BenchRunner bench;
  private final double throughputS;
  private final double latencyS;
  private final double warmupS;
  private int domain;
  private Path cycloneConfig;
  private int seq;

  Ros2Bench(BenchRunner bench) {
    this.bench = bench;
    this.throughputS = bench.quick ? 2 : 3;
    this.latencyS = bench.quick ? 2 : 3;
    this.warmupS = bench.quick ? 1 : 6;
  }

  private List<Pair> pairs() {
    List<Pair> p = new ArrayList<>(List.of(PYROS_PYROS, new Pair(Impl.PYROS, Impl.CYCLONE), new Pair(Impl.CYCLONE, Impl.PYROS),
        CYCLONE_CYCLONE, new Pair(Impl.FASTDDS, Impl.FASTDDS)));
    if (!bench.quick) {
      p.add(new Pair(Impl.PYROS, Impl.FASTDDS));
      p.add(new Pair(Impl.FASTDDS, Impl.PYROS));
      p.add(new Pair(Impl.PYROS_RAW, Impl.PYROS_RAW));
    }
    return p;
  }

  void run() throws Exception {
    Path peers = bench.root.resolve("target/ros2peers");
    for (String program : List.of("cyclone-ros2peer", "fastdds-ros2peer")) {
      if (!Files.isExecutable(peers.resolve(program))) {
        bench.problems.add("ros2: no " + peers.resolve(program) + " (bench/run.sh builds it with ros2/src/test/peers/build.sh)");
        return;
      }
    }
    domain = freeDomain();
    Path shared = sharedPeerDir();
    String xml = Files.readString(shared.resolve("cyclonedds-loopback.xml"));
    if (!xml.contains("<Domain id=\"any\">")) {
      throw new IllegalStateException("the shared Cyclone configuration changed: no <Domain id=\"any\">");
    }
    cycloneConfig = bench.logDir.resolve("cyclonedds-domain" + domain + ".xml");
    Files.writeString(cycloneConfig, xml.replace("<Domain id=\"any\">", "<Domain id=\"" + domain + "\">"));
    System.out.println("ros2: DDS domain " + domain + " (its ports on 127.0.0.1 were free)");
    if (bench.wanted("ros2")) {
      throughput();
      latency();
      services();
    }
    if (bench.wanted("bridge")) {
      new BridgeBench(bench, this).run();
    }
  }

  /** This run's DDS domain (set by {@link #run}). */
  int domain() {
    return domain;
  }

  /** Starts a peer of this section in its DDS domain (C peers with the loopback configuration). */
  Proc startPeer(String name, Impl impl, List<String> args) throws IOException {
    return start(name, impl, args);
  }

  // ---- service round trips

  private void services() throws Exception {
    Table t = new Table("ROS 2 service round trip", String.format(Locale.ROOT,
        "example_interfaces/srv/AddTwoInts, ROS 2's services profile (reliable, volatile, keep last 10), "
            + "one client calling one server, one call after the other for %.0f s once the client is matched (C "
            + "peers) or had a first call answered (Pyros); the client measures each round trip (request written to reply taken). Cyclone's "
            + "peers carry rmw_cyclonedds_cpp's request header, Fast DDS's the sample identities of "
            + "rmw_fastrtps_cpp; Pyros answers each in its form. Pyros is Ros2System's call and serve, warmed up "
            + "for %.1f s by calling a service of its own. Ratio: p50 against Cyclone → Cyclone's.", latencyS, warmupS),
        "Client → server", "p50 µs", "p90 µs", "p99 µs", "calls", "p50 vs Cyclone → Cyclone");
    List<Pair> pairs = new ArrayList<>(List.of(new Pair(Impl.PYROS, Impl.CYCLONE), new Pair(Impl.CYCLONE, Impl.PYROS),
        CYCLONE_CYCLONE, PYROS_PYROS));
    if (!bench.quick) {
      pairs.addAll(List.of(new Pair(Impl.PYROS, Impl.FASTDDS), new Pair(Impl.FASTDDS, Impl.PYROS),
          new Pair(Impl.FASTDDS, Impl.FASTDDS)));
    }
    Map<Pair, Result> results = new LinkedHashMap<>();
    for (Pair p : pairs) {
      results.put(p, roundTrips(p));
    }
    double cyclone = p50(results.get(CYCLONE_CYCLONE));
    results.forEach((p, r) -> t.add(p.label(), field(r, "lat_p50_us"), field(r, "lat_p90_us"), field(r, "lat_p99_us"),
        field(r, "count"), BenchRunner.ratio(p50(r), cyclone)));
    bench.tables.add(t);
    Table target = new Table("ROS 2 service target", "Pyros's service round trips against Cyclone → Cyclone's, in this run.",
        "Target", "Pyros", "Cyclone → Cyclone", "ratio", "");
    for (Pair p : List.of(new Pair(Impl.PYROS, Impl.CYCLONE), new Pair(Impl.CYCLONE, Impl.PYROS))) {
      double pyros = p50(results.get(p));
      target.add("round trip p50 ≤ 1.5x Cyclone's, " + p.label(), BenchRunner.fmt(pyros, 1) + " µs",
          BenchRunner.fmt(cyclone, 1) + " µs", BenchRunner.ratio(pyros, cyclone), verdict(pyros <= 1.5 * cyclone, pyros, cyclone));
    }
    bench.tables.add(target);
  }

  /**
   * One server and one client of a fresh service: the client matched with the server (C peers)
   * or answered once (Pyros), told to go, stopped after the latency time.
   */
  private Result roundTrips(Pair p) throws Exception {
    String service = "/bench/ros2/s" + (++seq);
    String name = "ros2-" + seq + "-service-" + p.from + "-" + p.to;
    Proc server = start(name + "-server", p.to, List.of("serve", "addtwoints", service, "0", "600"));
    Proc client = null;
    try {
      client = start(name + "-client", p.from, List.of("call", "addtwoints", service, "0", "20", "--report", "--wait-stdin"));
      if (!matched(name + ": client", client)) {
        return null;
      }
      client.tell("go");
      Thread.sleep((long) (latencyS * 1000));
      bench.stop(client);
      Proc.Line report = client.await("report", 5);
      System.out.println(name + ": " + (report == null ? "no report" : report.text()));
      if (report == null || !report.text().startsWith("report")) {
        bench.problems.add(name + ": " + (report == null ? "no report (see " + bench.logDir + ")" : report.text()));
        return null;
      }
      Map<String, String> r = BenchRunner.fields(report.text());
      if (!"0".equals(r.get("bad"))) {
        bench.problems.add(name + ": the client saw bad=" + r.get("bad"));
      }
      return new Result(r, -1, latencyS);
    } finally {
      bench.stop(client);
      bench.stop(server);
    }
  }

  // ---- measurements

  private void throughput() throws Exception {
    Table t = new Table("ROS 2 topic throughput", String.format(Locale.ROOT,
        "DDS domain %d on loopback. QoS reliable, volatile, keep last 10 (ROS 2's default profile) on both sides. The "
            + "publisher writes flat out for %.0f s once both sides are matched; the subscriber counts what it receives, "
            + "from its first sample to its last. No DDS writer here blocks a keep-last publisher, so a publisher faster "
            + "than its subscriber loses samples (the oldest of its history are overwritten before they are "
            + "acknowledged, or the reader's keep-last history overflows): msgs/s is what arrived, lost is "
            + "1 - received/sent. MB = 10^6 bytes of message payload (string characters, image pixels). Ratio: "
            + "received msgs/s against Cyclone → Cyclone for the same message. Pyros is Ros2System (what users use, "
            + "with its delivery queue of 10); \"Pyros participant\" writes and reads CDR on the participant's "
            + "endpoints directly, with no GraphSystem layer. Every Pyros process first talks to itself for %.0f s "
            + "on a topic of its own (same message, same API, flat out), so that it is measured warm, as a node that "
            + "has been running is; the C peers need no warm-up.", domain, throughputS, warmupS),
        "Message", "Publisher → subscriber", "received msgs/s", "MB/s", "sent msgs/s", "lost", "vs Cyclone → Cyclone");
    for (Size size : Size.values()) {
      Map<Pair, Result> results = new LinkedHashMap<>();
      for (Pair p : pairs()) {
        results.put(p, measure(p, size, 0, throughputS, false));
      }
      double cyclone = rate(results.get(CYCLONE_CYCLONE));
      results.forEach((p, r) -> t.add(size.label, p.label(), BenchRunner.fmt(rate(r), 0),
          BenchRunner.fmt(r == null ? Double.NaN : BenchRunner.num(r.report, "mbytes_per_s"), 1),
          BenchRunner.fmt(r == null ? Double.NaN : r.sentPerSecond(), 0), r == null ? "n/a" : r.lost(),
          BenchRunner.ratio(rate(r), cyclone)));
      throughputs.put(size, results);
    }
    bench.tables.add(t);
  }

  private final Map<Size, Map<Pair, Result>> throughputs = new LinkedHashMap<>();
  private final Map<Size, Map<Pair, Result>> latencies = new LinkedHashMap<>();

  private void latency() throws Exception {
    Table t = new Table("ROS 2 one-way latency", String.format(Locale.ROOT,
        "The same pairs and QoS, small strings and 1 MB images (1 KB strings were within the noise of the small ones in trial runs), the "
            + "publisher at %d Hz for %.0f s; each sample carries its send time (CLOCK_MONOTONIC: "
            + "System.nanoTime() in the JVM, clock_gettime in the C peers; the same clock, checked in bench/README.md), "
            + "the subscriber subtracts it from its time of receipt in its callback (Pyros: the Ros2System subscriber's "
            + "callback, after the delivery queue). Lost: samples sent but not received (a keep-last 10 history "
            + "overflows when the subscriber stalls for 20 ms). Ratio: p50 against Cyclone → Cyclone's for the same "
            + "message.", LATENCY_HZ, latencyS),
        "Message", "Publisher → subscriber", "p50 µs", "p90 µs", "p99 µs", "samples", "lost", "p50 vs Cyclone → Cyclone");
    for (Size size : List.of(Size.SMALL, Size.MB)) {
      Map<Pair, Result> results = new LinkedHashMap<>();
      for (Pair p : pairs()) {
        results.put(p, measure(p, size, LATENCY_HZ, latencyS, true));
      }
      double cyclone = p50(results.get(CYCLONE_CYCLONE));
      results.forEach((p, r) -> t.add(size.label, p.label(), field(r, "lat_p50_us"), field(r, "lat_p90_us"),
          field(r, "lat_p99_us"), field(r, "lat_samples"), r == null ? "n/a" : r.lost(), BenchRunner.ratio(p50(r), cyclone)));
      latencies.put(size, results);
    }
    bench.tables.add(t);
    bench.tables.add(targets());
  }

  private Table targets() {
    Table t = new Table("ROS 2 targets", "Pyros → Pyros (Ros2System on both sides) against Cyclone → Cyclone, in this run.",
        "Target", "Pyros → Pyros", "Cyclone → Cyclone", "ratio", "");
    for (Size size : List.of(Size.SMALL, Size.MB)) {
      double pyros = rate(throughputs.get(size).get(PYROS_PYROS));
      double cyclone = rate(throughputs.get(size).get(CYCLONE_CYCLONE));
      t.add("throughput ≥ Cyclone's, " + size.label, BenchRunner.fmt(pyros, 0) + " msgs/s", BenchRunner.fmt(cyclone, 0) + " msgs/s",
          BenchRunner.ratio(pyros, cyclone), verdict(pyros >= cyclone, pyros, cyclone));
    }
    double pyros = p50(latencies.get(Size.SMALL).get(PYROS_PYROS));
    double cyclone = p50(latencies.get(Size.SMALL).get(CYCLONE_CYCLONE));
    t.add("latency p50 ≤ 1.5x Cyclone's, " + Size.SMALL.label, BenchRunner.fmt(pyros, 1) + " µs", BenchRunner.fmt(cyclone, 1) + " µs",
        BenchRunner.ratio(pyros, cyclone), verdict(pyros <= 1.5 * cyclone, pyros, cyclone));
    return t;
  }

  private static String verdict(boolean met, double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) ? "n/a" : met ? "met" : "missed";
  }

  private static double rate(Result r) {
    return r == null ? Double.NaN : BenchRunner.num(r.report, "msgs_per_s");
  }

  private static double p50(Result r) {
    double v = r == null ? Double.NaN : BenchRunner.num(r.report, "lat_p50_us");
    return v < 0 ? Double.NaN : v;
  }

  private static String field(Result r, String key) {
    return r == null || !r.report.containsKey(key) ? "n/a" : r.report.get(key);
  }

  /** The subscriber's report and what the publisher sent, over how long. */
  record Result(Map<String, String> report, long sent, double sendSeconds) {
    double sentPerSecond() {
      return sent < 0 ? Double.NaN : sent / sendSeconds;
    }

    String lost() {
      long received = Long.parseLong(report.getOrDefault("count", "0"));
      if (sent <= 0) {
        return "n/a";
      }
      double lost = 1 - (double) received / sent;
      return lost <= 0 ? "0" : String.format(Locale.ROOT, "%.1f %%", 100 * lost);
    }
  }

  /**
   * One publisher and one subscriber on a fresh topic: both matched, the publisher told to go,
   * stopped after {@code seconds}; then the subscriber is stopped and reports.
   */
  private Result measure(Pair p, Size size, int hz, double seconds, boolean stamp) throws Exception {
    String topic = "/bench/ros2/t" + (++seq);
    String name = "ros2-" + seq + "-" + size.name().toLowerCase(Locale.ROOT) + "-" + p.from + "-" + p.to + (hz > 0 ? "-" + hz + "hz" : "");
    List<String> subArgs = new ArrayList<>(List.of("sub", size.type, topic, "0", "600", "--report", "--wait-match", "1"));
    subArgs.addAll(size.options);
    List<String> pubArgs = new ArrayList<>(List.of("pub", size.type, topic, "0", Integer.toString(hz), "--wait-match", "1",
        "--wait-stdin"));
    pubArgs.addAll(size.options);
    if (stamp) {
      pubArgs.add("--stamp");
    }
    Proc sub = start(name + "-sub", p.to, subArgs);
    Proc pub = null;
    try {
      pub = start(name + "-pub", p.from, pubArgs);
      if (!matched(name + ": publisher", pub) || !matched(name + ": subscriber", sub)) {
        return null;
      }
      pub.tell("go");
      long t0 = System.nanoTime();
      Thread.sleep((long) (seconds * 1000));
      bench.stop(pub);
      double sendSeconds = (System.nanoTime() - t0) / 1e9;
      Proc.Line sent = pub.await("sent", 5);
      // What is still on its way is delivered in well under this.
      Thread.sleep(500);
      bench.stop(sub);
      Proc.Line report = sub.await("report", 5);
      System.out.println(name + ": " + (sent == null ? "(no sent line)" : sent.text()) + "; "
          + (report == null ? "no report" : report.text()));
      if (report == null || !report.text().startsWith("report")) {
        bench.problems.add(name + ": " + (report == null ? "no report (see " + bench.logDir + ")" : report.text()));
        return null;
      }
      Map<String, String> r = BenchRunner.fields(report.text());
      if (!"0".equals(r.get("bad")) || !"0".equals(r.get("order"))) {
        bench.problems.add(name + ": the subscriber saw bad=" + r.get("bad") + " order=" + r.get("order"));
      }
      long n = sent == null || !sent.text().startsWith("sent ") ? -1 : Long.parseLong(sent.text().substring(5).trim());
      return new Result(r, n, sendSeconds);
    } finally {
      bench.stop(pub);
      bench.stop(sub);
    }
  }

  private boolean matched(String what, Proc p) throws InterruptedException {
    Proc.Line l = p.await("matched", 60);
    if (l == null || !l.text().startsWith("matched")) {
      bench.problems.add(what + " not matched: " + (l == null ? "(see " + bench.logDir + ")" : l.text()));
      return false;
    }
    return true;
  }

  private Proc start(String name, Impl impl, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>(bench.env);
    env.put("ROS_DOMAIN_ID", Integer.toString(domain));
    if (impl.java()) {
      boolean service = args.get(0).equals("serve") || args.get(0).equals("call");
      cmd.addAll(bench.javaCommand(name));
      cmd.add(service ? Ros2ServicePeer.class.getName() : Ros2Peer.class.getName());
      cmd.addAll(args);
      if (impl == Impl.PYROS_RAW) {
        cmd.add("--raw");
      }
      cmd.addAll(List.of("--warmup", Double.toString(warmupS)));
    } else {
      // env.sh pins the peer to loopback; only Cyclone's configuration file is swapped for the
      // copy that names this run's domain (Fast DDS's takes the domain from ROS_DOMAIN_ID).
      Path program = bench.root.resolve("target/ros2peers").resolve(impl == Impl.CYCLONE ? "cyclone-ros2peer" : "fastdds-ros2peer");
      String override = impl == Impl.CYCLONE ? "export CYCLONEDDS_URI=\"file://$1\" && " : "";
      cmd.addAll(List.of("bash", "-c", ". \"$0\" && " + override + "shift && exec \"$@\"",
          sharedPeerDir().resolve("env.sh").toString(), cycloneConfig.toString(), program.toString()));
      cmd.addAll(args);
    }
    Proc p = Proc.start(name, cmd, env, bench.logDir);
    bench.running.add(p);
    return p;
  }

  private Path sharedPeerDir() {
    Path dir = bench.root.toAbsolutePath().getParent().resolveSibling("shared").resolve("dds-peer");
    if (!Files.isRegularFile(dir.resolve("env.sh"))) {
      throw new IllegalStateException("no " + dir.resolve("env.sh") + ": the shared DDS peer configuration (<repo>/../shared/dds-peer)");
    }
    return dir;
  }

  /** The first domain from {@value #FIRST_DOMAIN} whose loopback ports (participant indexes 0..19) are all free. */
  private static int freeDomain() {
    for (int d = FIRST_DOMAIN; d < FIRST_DOMAIN + 20; d++) {
      if (portsFree(d)) {
        return d;
      }
    }
    throw new IllegalStateException("no DDS domain from " + FIRST_DOMAIN + " with free ports");
  }

  private static boolean portsFree(int domain) {
    PortMapping m = PortMapping.DEFAULT;
    List<Integer> ports = new ArrayList<>(List.of(m.spdpMulticast(domain), m.userMulticast(domain)));
    for (int i = 0; i < 20; i++) {
      ports.add(m.metatrafficUnicast(domain, i));
      ports.add(m.userUnicast(domain, i));
    }
    for (int port : ports) {
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
        s.getLocalPort();
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
