package org.pyros.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code bridge} section of the benchmark: one-way latency of small strings from a rospy
 * publisher through {@code pyros bridge} to a Cyclone subscriber and back the other way, against
 * the two direct paths (rospy → rospy, Cyclone → Cyclone) in the same run. Every sample is the
 * ROS 2 C peers' stamped string ({@code hello I t=NS}, CLOCK_MONOTONIC), which rospy's peer
 * ({@code py/peer.py}, kind {@code mono}) writes and reads too, so one clock serves all four rows.
 * The bridge is the CLI's {@code pyros bridge} in a JVM of its own, on the run's rosmaster and in
 * {@link Ros2Bench}'s DDS domain.
 */
final class BridgeBench {
  private static final int HZ = 500;

  private final BenchRunner bench;
  private final Ros2Bench ros2;
  private final double warmupS;
  private final double measureS;
  private int seq;

  BridgeBench(BenchRunner bench, Ros2Bench ros2) {
    this.bench = bench;
    this.ros2 = ros2;
    this.warmupS = bench.quick ? 1 : 2;
    this.measureS = bench.quick ? 2 : 3;
  }

  /** One measured row: p50, p99 (µs) and the samples behind them, or null when the run failed. */
  private record Latency(double p50, double p99, long samples) {}

  void run() throws Exception {
    Table t = new Table("Bridge one-way latency", String.format(Locale.ROOT,
        "std_msgs/String 'hello I t=NS' at %d Hz, stamped with CLOCK_MONOTONIC by the publisher (rospy: time.monotonic_ns(); "
            + "Cyclone: clock_gettime), the subscriber subtracts it from its own reading in its callback; %.0f s measured. "
            + "Through the bridge: `pyros bridge` (the CLI: one JVM with RosSystem and Ros2System and the bridge actor), "
            + "the same traffic flowing through it for %.0f s before the measured subscriber starts. ROS 2 QoS: reliable, "
            + "volatile, keep last 10. Added: the bridged row's p50 minus the slower direct path's p50 (target: at most 100 µs).",
            HZ, measureS, warmupS),
        "Publisher → subscriber", "p50 µs", "p99 µs", "samples", "added p50 over the slower direct path");
    Map<String, Latency> rows = new LinkedHashMap<>();
    rows.put("rospy → rospy", rospyToRospy());
    rows.put("Cyclone → Cyclone", cycloneToCyclone());
    rows.put("rospy → Pyros bridge → Cyclone", rospyThroughBridgeToCyclone());
    rows.put("Cyclone → Pyros bridge → rospy", cycloneThroughBridgeToRospy());
    double slower = Math.max(p50(rows.get("rospy → rospy")), p50(rows.get("Cyclone → Cyclone")));
    rows.forEach((label, r) -> t.add(label, r == null ? "n/a" : BenchRunner.fmt(r.p50(), 1), r == null ? "n/a" : BenchRunner.fmt(r.p99(), 1),
        r == null ? "n/a" : Long.toString(r.samples()),
        label.contains("bridge") ? added(p50(r), slower) : ""));
    bench.tables.add(t);
  }

  private static double p50(Latency r) {
    return r == null ? Double.NaN : r.p50();
  }

  private static String added(double bridged, double slower) {
    if (Double.isNaN(bridged) || Double.isNaN(slower)) {
      return "n/a";
    }
    double added = bridged - slower;
    return String.format(Locale.ROOT, "%+.1f µs (%s)", added, added <= 100 ? "met" : "missed");
  }

  private Latency rospyToRospy() throws Exception {
    String topic = topic();
    Proc sub = python("bridge-" + seq + "-rospy-rospy-sub", "sub", topic, "mono", Double.toString(warmupS), Double.toString(measureS));
    Proc pub = null;
    try {
      pub = python("bridge-" + seq + "-rospy-rospy-pub", "pub", topic, "mono", "600", Integer.toString(HZ));
      return rospyResult("rospy → rospy", sub);
    } finally {
      bench.stop(pub);
      bench.stop(sub);
    }
  }

  private Latency cycloneToCyclone() throws Exception {
    String topic = topic();
    Proc pub = cyclone("bridge-" + seq + "-cyclone-cyclone-pub", List.of("pub", "string", topic, "0", Integer.toString(HZ), "--stamp"));
    try {
      warm();
      return cycloneSubscriber("Cyclone → Cyclone", topic);
    } finally {
      bench.stop(pub);
    }
  }

  private Latency rospyThroughBridgeToCyclone() throws Exception {
    String topic = topic();
    Proc bridge = bridge("bridge-" + seq + "-bridge-to2", "--ros1-to-ros2", topic);
    Proc pub = null;
    try {
      pub = python("bridge-" + seq + "-to2-rospy-pub", "pub", topic, "mono", "600", Integer.toString(HZ));
      if (!forwarding("rospy → bridge → Cyclone", bridge)) {
        return null;
      }
      warm();
      return cycloneSubscriber("rospy → bridge → Cyclone", topic);
    } finally {
      bench.stop(pub);
      bench.stop(bridge);
    }
  }

  private Latency cycloneThroughBridgeToRospy() throws Exception {
    String topic = topic();
    Proc bridge = bridge("bridge-" + seq + "-bridge-to1", "--ros2-to-ros1", topic);
    Proc pub = null;
    Proc sub = null;
    try {
      pub = cyclone("bridge-" + seq + "-to1-cyclone-pub", List.of("pub", "string", topic, "0", Integer.toString(HZ), "--stamp"));
      if (!forwarding("Cyclone → bridge → rospy", bridge)) {
        return null;
      }
      // The rospy subscriber's own warm-up is the bridge's too: the traffic reaches ROS 1 once it subscribes.
      sub = python("bridge-" + seq + "-to1-rospy-sub", "sub", topic, "mono", Double.toString(warmupS), Double.toString(measureS));
      return rospyResult("Cyclone → bridge → rospy", sub);
    } finally {
      bench.stop(sub);
      bench.stop(pub);
      bench.stop(bridge);
    }
  }

  private String topic() {
    return "/bench/bridge/t" + (++seq);
  }

  /** Lets the publisher's traffic flow (through the bridge, if any) before the measured subscriber starts. */
  private void warm() throws InterruptedException {
    Thread.sleep((long) (warmupS * 1000));
  }

  private Latency cycloneSubscriber(String what, String topic) throws Exception {
    Proc sub = cyclone("bridge-" + seq + "-cyclone-sub", List.of("sub", "string", topic, "0", "600", "--report", "--wait-match", "1"));
    try {
      Proc.Line matched = sub.await("matched", 60);
      if (matched == null || !matched.text().startsWith("matched")) {
        bench.problems.add("bridge: " + what + ": the Cyclone subscriber was not matched (see " + bench.logDir + ")");
        return null;
      }
      Thread.sleep((long) (measureS * 1000));
      bench.stop(sub);
      Proc.Line report = sub.await("report", 5);
      System.out.println("bridge: " + what + ": " + (report == null ? "no report" : report.text()));
      if (report == null || !report.text().startsWith("report")) {
        bench.problems.add("bridge: " + what + ": no report from the Cyclone subscriber (see " + bench.logDir + ")");
        return null;
      }
      Map<String, String> r = BenchRunner.fields(report.text());
      if (!"0".equals(r.get("bad")) || !"0".equals(r.get("order"))) {
        bench.problems.add("bridge: " + what + ": the subscriber saw bad=" + r.get("bad") + " order=" + r.get("order"));
      }
      return new Latency(BenchRunner.num(r, "lat_p50_us"), BenchRunner.num(r, "lat_p99_us"), Long.parseLong(r.get("lat_samples")));
    } finally {
      bench.stop(sub);
    }
  }

  private Latency rospyResult(String what, Proc sub) throws InterruptedException {
    Proc.Line l = sub.await("RESULT", 60 + warmupS + measureS);
    System.out.println("bridge: " + what + ": " + (l == null ? "no result" : l.text()));
    if (l == null || !l.text().startsWith("RESULT")) {
      bench.problems.add("bridge: " + what + ": " + (l == null ? "no result (see " + bench.logDir + ")" : l.text()));
      return null;
    }
    Map<String, String> r = BenchRunner.fields(l.text());
    return new Latency(BenchRunner.num(r, "p50"), BenchRunner.num(r, "p99"), Long.parseLong(r.get("samples")));
  }

  private boolean forwarding(String what, Proc bridge) throws InterruptedException {
    Proc.Line l = bridge.await("forwarding", 60);
    if (l == null || !l.text().startsWith("forwarding")) {
      bench.problems.add("bridge: " + what + ": the bridge did not start forwarding (see " + bench.logDir + ")");
      return false;
    }
    return true;
  }

  private Proc python(String name, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", bench.root.resolve("py/peer.py").toString()));
    cmd.addAll(List.of(args));
    Proc p = Proc.start(name, cmd, bench.env, bench.logDir);
    bench.running.add(p);
    return p;
  }

  private Proc cyclone(String name, List<String> args) throws IOException {
    return ros2.startPeer(name, Ros2Bench.Impl.CYCLONE, args);
  }

  private Proc bridge(String name, String direction, String topic) throws IOException {
    List<String> cmd = new ArrayList<>(bench.javaCommand(name));
    cmd.addAll(List.of("org.pyros.cli.PyrosCli", "bridge", "--master", bench.env.get("ROS_MASTER_URI"),
        "--domain", Integer.toString(ros2.domain()), direction, topic, "--name", "bench_bridge_" + seq));
    Proc p = Proc.start(name, cmd, bench.env, bench.logDir);
    bench.running.add(p);
    return p;
  }
}
