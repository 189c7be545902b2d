package org.pyros.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The {@code gateway} section of the benchmark: what real WebSocket clients receive from
 * {@code pyros gateway}. The gateway is the CLI command in a JVM of its own on the run's
 * rosmaster; a Pyros {@code RosSystem} publisher ({@link JavaPeer}) publishes each row's topic at
 * a fixed offered rate; the clients are roslibjs (rosbridge v2, JSON or CBOR) and
 * {@code @foxglove/ws-protocol} in Node.js ({@code bench/js/gateway-client.mjs}), one or more
 * Node processes per row. One gateway serves the whole section; consecutive rows of one message
 * kind and rate share a topic and its publisher (warm), each row has fresh clients.
 */
final class GatewayBench {
  /** Offered rate of the small-message throughput rows: twice the one-client target. */
  private static final int SMALL_HZ = 100_000;
  /** Offered rate of the image rows: twice the one-client target. */
  private static final int IMAGE_HZ = 200;
  private static final int LATENCY_HZ = 500;
  private static final int MANY_HZ = 50;
  /** The gateway's queue per subscription (pyros.gateway.send-queue.queue-length) in this section. */
  private static final int QUEUE_LENGTH = 10;
  private static final double SMALL_TARGET = 50_000;
  private static final double IMAGE_TARGET = 100;
  private static final double IMAGE_EACH_TARGET = 30;

  /** How a client talks to the gateway. */
  enum Protocol {
    JSON("rosbridge", "none", "rosbridge JSON"),
    CBOR("rosbridge", "cbor", "rosbridge CBOR"),
    FOXGLOVE("foxglove", "none", "Foxglove");

    final String wire;
    final String compression;
    final String label;

    Protocol(String wire, String compression, String label) {
      this.wire = wire;
      this.compression = compression;
      this.label = label;
    }
  }

  /** What the clients of one row received: each client's rate, all latency samples (µs), bad messages. */
  private record Received(double[] rates, Samples latencies, long bad) {
    double min() {
      return rates.length == 0 ? Double.NaN : Arrays.stream(rates).min().orElse(Double.NaN);
    }

    double median() {
      double[] s = rates.clone();
      Arrays.sort(s);
      int n = s.length;
      return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
  }

  private final BenchRunner bench;
  private final double warmupS;
  private final double measureS;
  private final double gatewayWarmupS;
  private String url;
  private Proc publisher;
  private String publisherTopic;
  private int seq;

  GatewayBench(BenchRunner bench) {
    this.bench = bench;
    this.warmupS = bench.quick ? 1 : 2;
    this.measureS = bench.quick ? 2 : 5;
    this.gatewayWarmupS = bench.quick ? 6 : 10;
  }

  void run() throws Exception {
    Proc gateway = startGateway();
    try {
      Proc.Line l = gateway.await("rosbridge:", 60);
      if (l == null || !l.text().startsWith("rosbridge:")) {
        bench.problems.add("gateway: pyros gateway did not start (see " + bench.logDir + ")");
        return;
      }
      url = l.text().substring("rosbridge:".length()).trim();
      System.out.println("gateway at " + url);
      tables();
    } finally {
      bench.stop(publisher);
      bench.stop(gateway);
    }
  }

  private void tables() throws Exception {
    Table one = new Table("Gateway subscribe throughput, one client", String.format(Locale.ROOT,
        "What one WebSocket client receives from `pyros gateway` (a Pyros node with the gateway, its own JVM) while a "
            + "Pyros RosSystem publisher in another JVM publishes the topic at the offered rate (a paced loop; that "
            + "publisher alone sends 4k images or several 100k small messages per second, so the gateway is the limit, "
            + "not it). Clients: roslib 2.1.0 (rosbridge v2; JSON, or CBOR binary frames with `compression: \"cbor\"`) "
            + "and @foxglove/ws-protocol 0.8.0 in Node.js, the subscription's queue left at its default (rosbridge's "
            + "queue_length 0; Foxglove has none): the gateway's send-queue.queue-length, set to %d here (oldest "
            + "dropped; with the default 100, a client that falls behind a 1 MB topic passes the connection's 64 MiB "
            + "limit and is cut off). Counted in the client's callback for %.0f s after "
            + "%.0f s of warm-up. String: 'hello I t=NS' (about 30 B); image: 1024x1024 mono8 (1 MB of pixels; JSON "
            + "carries them as base64). Lost: 1 - received/offered.", QUEUE_LENGTH, measureS, warmupS),
        "Protocol", "Message", "offered /s", "received /s", "MB/s", "lost");
    Table latency = new Table("Gateway subscribe latency, one client", String.format(Locale.ROOT,
        "std_msgs/String 'hello I t=NS' at %d Hz; NS is the publisher's System.nanoTime() when it builds the message "
            + "(CLOCK_MONOTONIC on Linux), the client subtracts it from process.hrtime.bigint() (the same clock) in its "
            + "callback, after the protocol's decoding: publisher → TCPROS → gateway node → WebSocket → client. %.0f s "
            + "measured after %.0f s of warm-up.", LATENCY_HZ, measureS, warmupS),
        "Protocol", "p50 µs", "p99 µs", "samples");
    Table many = new Table("Gateway fan-out", String.format(Locale.ROOT,
        "Several clients on one topic at once, same publisher and clients as above. 1 MB images offered at %d Hz to 10 "
            + "clients, each in a Node.js process of its own (as browsers are); 100 clients (rosbridge JSON, 4 Node.js "
            + "processes of 25) on std_msgs/String at %d Hz. Rates per client; latency over every message of every "
            + "client (same clock as above; includes each Node.js process's queue behind its other clients' messages).",
            IMAGE_HZ, MANY_HZ),
        "Clients", "Protocol", "Message", "offered Hz", "min Hz", "median Hz", "p50 µs", "p99 µs");

    // Unrecorded: every protocol's path through the gateway (and the publisher) compiled before the
    // rows, as in a gateway that has been running (a cold one delivered a fraction of a warm one's rate).
    for (Protocol p : Protocol.values()) {
      measure("warm-up", p, Payload.MONO, SMALL_HZ, 1, 1, 0, gatewayWarmupS);
    }
    Map<Protocol, Received> small = new EnumMap<>(Protocol.class);
    for (Protocol p : Protocol.values()) {
      small.put(p, measure("small", p, Payload.MONO, SMALL_HZ, 1, 1));
      addThroughput(one, p, "std_msgs/String", SMALL_HZ, small.get(p), 30);
    }
    for (Protocol p : List.of(Protocol.CBOR, Protocol.FOXGLOVE)) {
      measure("warm-up", p, Payload.IMG1M, IMAGE_HZ, 1, 1, 0, gatewayWarmupS / 2);
    }
    Map<Protocol, Received> image = new EnumMap<>(Protocol.class);
    for (Protocol p : Protocol.values()) {
      image.put(p, measure("image", p, Payload.IMG1M, IMAGE_HZ, 1, 1));
      addThroughput(one, p, "sensor_msgs/Image 1 MB", IMAGE_HZ, image.get(p), 1024 * 1024 + 60);
    }
    Map<Protocol, Received> images10 = new EnumMap<>(Protocol.class);
    for (Protocol p : List.of(Protocol.CBOR, Protocol.FOXGLOVE)) {
      Received r = measure("image x10", p, Payload.IMG1M, IMAGE_HZ, 10, 1);
      images10.put(p, r);
      many.add("10", p.label, "sensor_msgs/Image 1 MB", IMAGE_HZ, rate(r, Received::min), rate(r, Received::median), "", "");
    }
    for (Protocol p : Protocol.values()) {
      Received r = measure("latency", p, Payload.MONO, LATENCY_HZ, 1, 1);
      latency.add(p.label, percentile(r, 50), percentile(r, 99), r == null ? "n/a" : Integer.toString(r.latencies().count()));
    }
    Received hundred = measure("100 clients", Protocol.JSON, Payload.MONO, MANY_HZ, 4, 25);
    many.add("100", Protocol.JSON.label, "std_msgs/String", MANY_HZ, rate(hundred, Received::min), rate(hundred, Received::median),
        percentile(hundred, 50), percentile(hundred, 99));

    Table targets = new Table("Gateway targets", "The targets of the gateway issue, from the tables above. Published "
        + "figures for reference (not measured here): rosbridge_suite about 858 msg/s with 1.4 ms mean latency on an idle "
        + "machine (rosbridge_suite issue 1243); 720p images at about 19 Hz through rosbridge where foxglove_bridge kept "
        + "30 Hz (foxglove/ws-protocol issue 28).",
        "Target", "Protocol", "Measured", "");
    for (Protocol p : Protocol.values()) {
      target(targets, "1 MB image ≥ 100 Hz to one client", p, image.get(p) == null ? Double.NaN : image.get(p).median(), IMAGE_TARGET);
    }
    for (Protocol p : images10.keySet()) {
      target(targets, "1 MB image ≥ 30 Hz to each of 10 clients (slowest client)", p,
          images10.get(p) == null ? Double.NaN : images10.get(p).min(), IMAGE_EACH_TARGET);
    }
    for (Protocol p : Protocol.values()) {
      target(targets, "small messages ≥ 50,000/s to one client", p, small.get(p) == null ? Double.NaN : small.get(p).median(),
          SMALL_TARGET);
    }
    bench.tables.addAll(List.of(one, latency, many, targets));
  }

  private static void addThroughput(Table t, Protocol p, String message, int offered, Received r, int bytes) {
    double rate = r == null ? Double.NaN : r.median();
    t.add(p.label, message, BenchRunner.fmt(offered, 0), BenchRunner.fmt(rate, 0), BenchRunner.fmt(rate * bytes / 1e6, 1),
        Double.isNaN(rate) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", Math.max(0, 100 * (1 - rate / offered))));
  }

  private static void target(Table t, String what, Protocol p, double measured, double target) {
    t.add(what, p.label, Double.isNaN(measured) ? "n/a" : BenchRunner.fmt(measured, 0) + "/s",
        Double.isNaN(measured) ? "n/a" : measured >= target ? "met" : "**missed**");
  }

  private static String rate(Received r, ToDoubleFunction<Received> which) {
    return r == null ? "n/a" : BenchRunner.fmt(which.applyAsDouble(r), 1);
  }

  private static String percentile(Received r, double p) {
    return r == null || r.latencies().count() == 0 ? "n/a" : Long.toString(r.latencies().percentile(p));
  }

  /**
   * One row: the publisher of {@code kind} at {@code hz}, then {@code processes} client processes
   * of {@code perProcess} clients each; all measure the same window (told GO together once every
   * client has a message). Null when a process failed (said in the problems).
   */
  private Received measure(String what, Protocol p, Payload kind, int hz, int processes, int perProcess) throws Exception {
    return measure(what, p, kind, hz, processes, perProcess, warmupS, measureS);
  }

  private Received measure(String what, Protocol p, Payload kind, int hz, int processes, int perProcess, double warmup,
      double window) throws Exception {
    String name = "gateway-" + (++seq) + "-" + what.replace(' ', '-') + "-" + p.name().toLowerCase(Locale.ROOT);
    String row = what + ", " + p.label + ", " + processes * perProcess + " client(s)";
    String topic = publishing(row, kind, hz);
    if (topic == null) {
      return null;
    }
    List<Proc> clients = new ArrayList<>();
    try {
      for (int i = 0; i < processes; i++) {
        clients.add(client(name + "-client" + i, p, topic, kind, perProcess, warmup, window));
      }
      for (Proc c : clients) {
        if (!ok(row, c.name, c.await("READY", 90), "READY")) {
          return null;
        }
      }
      for (Proc c : clients) {
        c.tell("GO");
      }
      List<Double> rates = new ArrayList<>();
      Samples latencies = new Samples(2_000_000);
      long bad = 0;
      int closed = 0;
      for (Proc c : clients) {
        while (true) {
          Proc.Line l = c.await("", 60 + warmup + window);
          if (l == null || l.text().startsWith("ERROR")) {
            ok(row, c.name, l, "DONE");
            return null;
          }
          if (l.text().startsWith("DONE")) {
            break;
          }
          if (l.text().startsWith("CLIENT")) {
            Map<String, String> f = BenchRunner.fields(l.text());
            rates.add(BenchRunner.num(f, "rate"));
            bad += Long.parseLong(f.get("bad"));
            closed += "true".equals(f.get("closed")) ? 1 : 0;
          } else if (l.text().startsWith("LAT ")) {
            for (String v : l.text().substring(4).split(",")) {
              if (!v.isEmpty()) {
                latencies.add(Long.parseLong(v));
              }
            }
          }
        }
      }
      Received r = new Received(rates.stream().mapToDouble(Double::doubleValue).toArray(), latencies, bad);
      System.out.printf(Locale.ROOT, "gateway: %s: min %.1f/s median %.1f/s p50 %d µs p99 %d µs (%d samples) bad %d%n",
          row, r.min(), r.median(), latencies.percentile(50), latencies.percentile(99), latencies.count(), bad);
      if (closed > 0) {
        bench.problems.add("gateway: " + row + ": the gateway closed " + closed + " client connection(s) during the row");
      }
      if (bad > 0) {
        bench.problems.add("gateway: " + row + ": " + bad + " messages were not what the publisher sent");
      }
      return r;
    } finally {
      clients.forEach(bench::stop);
    }
  }

  private boolean ok(String row, String who, Proc.Line l, String expected) {
    if (l != null && l.text().startsWith(expected)) {
      return true;
    }
    bench.problems.add("gateway: " + row + ": " + who + ": " + (l == null ? "no " + expected + " (see " + bench.logDir + ")" : l.text()));
    return false;
  }

  private Proc startGateway() throws IOException {
    List<String> cmd = new ArrayList<>(bench.javaCommand("gateway"));
    // With the default queue of 100, a client behind a 1 MB topic would reach the connection's
    // byte limit (64 MiB) and be cut off before the oldest images are dropped.
    cmd.add(cmd.size() - 2, "-Dpyros.gateway.send-queue.queue-length=" + QUEUE_LENGTH);
    cmd.addAll(List.of("org.pyros.cli.PyrosCli", "gateway", "--master", bench.env.get("ROS_MASTER_URI"), "--port", "0"));
    return started(Proc.start("gateway", cmd, bench.env, bench.logDir));
  }

  /**
   * The topic a publisher of {@code kind} at {@code hz} is publishing: the running one when it
   * publishes that already (consecutive rows share it, warm), else a new one on a new topic, the
   * previous publisher stopped (so that no traffic of an earlier row loads a later one). Null
   * when it did not start.
   */
  private String publishing(String row, Payload kind, int hz) throws Exception {
    String topic = "/bench/gateway/" + kind.kind + "_" + hz;
    if (publisher != null && publisher.alive() && topic.equals(publisherTopic)) {
      return topic;
    }
    bench.stop(publisher);
    publisher = publisher("gateway-pub-" + kind.kind + "-" + hz, topic, kind, hz);
    publisherTopic = topic;
    return ok(row, "publisher", publisher.await("READY", 60), "READY") ? topic : null;
  }

  private Proc publisher(String name, String topic, Payload kind, int hz) throws IOException {
    List<String> cmd = new ArrayList<>(bench.javaCommand(name));
    cmd.addAll(List.of(JavaPeer.class.getName(), "system", "pub", topic, kind.kind, "600", Integer.toString(hz)));
    return started(Proc.start(name, cmd, bench.env, bench.logDir));
  }

  private Proc client(String name, Protocol p, String topic, Payload kind, int count, double warmup, double window)
      throws IOException {
    List<String> cmd = List.of("node", bench.root.resolve("js/gateway-client.mjs").toString(), url, p.wire, p.compression, topic,
        kind.typeName, kind == Payload.IMG1M ? "image" : "mono", Integer.toString(count), Double.toString(warmup),
        Double.toString(window));
    return started(Proc.start(name, cmd, bench.env, bench.logDir));
  }

  private Proc started(Proc p) {
    bench.running.add(p);
    return p;
  }
}
