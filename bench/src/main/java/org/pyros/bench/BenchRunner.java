package org.pyros.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.msg.Ros1Encoder;

/**
 * Runs every benchmark once on loopback against its own rosmaster and prints (and writes as
 * Markdown) a table per benchmark, with ratios to roscpp and rospy. Started by
 * {@code bash bench/run.sh [--quick]}.
 *
 * <p>Each measurement runs in separate processes, like ROS nodes: a Pyros JVM ({@link JavaPeer},
 * through {@code RosSystem} or through the node actor), the roscpp peer ({@code bench/cpp}) or
 * the rospy peer ({@code bench/py}). Every process started is stopped before the next
 * measurement, and all of them (the master too) when the run ends, however it ends. The cluster
 * hop runs two Pekko cluster members ({@link ClusterPeer}).
 */
public final class BenchRunner {
  /** One kind of peer process. */
  enum Peer {
    SYS("Pyros RosSystem"), SYS_PGC("Pyros RosSystem, ParallelGC"), NODE("Pyros node actor"),
    NODE_NO_METRICS("Pyros node actor, metrics disabled"), NODE_METRICS("Pyros node actor, metrics bound and scraped"), TCPROS("Pyros TCPROS persistent"),
    LOOKUP("Pyros master lookup only"), CONNECT("Pyros TCPROS connection per call, no lookup"),
    CPP("roscpp"), CPP_PERSISTENT("roscpp persistent"), PY("rospy");

    final String label;

    Peer(String label) {
      this.label = label;
    }
  }

  private record Pair(Peer from, Peer to) {
    String label() {
      return from.label + " → " + to.label;
    }
  }

  final boolean quick;
  private final List<String> only;
  final Path root;
  final Path logDir;
  private final Path out;
  final Map<String, String> env = new HashMap<>();
  private final List<String> jvmOptions;
  final List<Proc> running = new CopyOnWriteArrayList<>();
  final List<Table> tables = new ArrayList<>();
  final List<String> problems = new ArrayList<>();
  private final MessageTypes types = MessageTypes.fromEnvironment();
  private Proc master;
  private int seq;

  // durations (seconds) and counts, full vs quick
  private final double warmup;
  private final double measure;
  private final int latencyRate;
  private final int callWarmup;
  private final int calls;
  private final int startupReps;
  private final double heapSeconds;
  private final double heapInterval;

  private BenchRunner(boolean quick, List<String> only, Path root, Path out) {
    this.quick = quick;
    this.only = only;
    this.root = root;
    this.out = out;
    this.logDir = root.resolve("target/logs");
    String opts = System.getenv().getOrDefault("BENCH_JVM_OPTS", "").trim();
    this.jvmOptions = opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
    warmup = quick ? 0.5 : 2;
    measure = quick ? 1.5 : 5;
    latencyRate = 500;
    callWarmup = quick ? 20 : 100;
    calls = quick ? 200 : 1000;
    startupReps = quick ? 1 : 3;
    heapSeconds = quick ? 16 : 60;
    heapInterval = quick ? 4 : 10;
  }

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Path root = Path.of("bench");
    Path out = null;
    List<String> only = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--root" -> root = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--only" -> only.addAll(List.of(args[++i].split(",")));
        default -> {
          System.err.println("usage: BenchRunner [--quick] [--only throughput,metrics,latency,services,startup,heap,cluster,cli,ros2,bridge,gateway] [--root bench] [--out FILE]");
          System.exit(2);
        }
      }
    }
    if (out == null) {
      out = quick || !only.isEmpty() ? root.resolve("target/RESULTS-quick.md") : root.resolve("RESULTS.md");
    }
    BenchRunner r = new BenchRunner(quick, only, root.toAbsolutePath(), out.toAbsolutePath());
    Runtime.getRuntime().addShutdownHook(new Thread(r::stopAll, "bench-cleanup"));
    int code = 0;
    long t0 = System.nanoTime();
    try {
      r.run();
    } catch (Exception e) {
      e.printStackTrace();
      code = 1;
    } finally {
      r.stopAll();
    }
    System.out.printf(Locale.ROOT, "bench run took %.0f s%n", (System.nanoTime() - t0) / 1e9);
    System.exit(code);
  }

  private void run() throws Exception {
    Files.createDirectories(logDir);
    if (ROS1_SECTIONS.stream().anyMatch(this::wanted)) {
      startMaster();
    }
    String when = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    String load = read("/proc/loadavg").trim();
    if (wanted("throughput")) {
      throughput();
    }
    if (wanted("metrics")) {
      metricsCost();
    }
    if (wanted("latency")) {
      latency();
    }
    if (wanted("services")) {
      services();
    }
    if (wanted("startup")) {
      startup();
    }
    if (wanted("heap")) {
      heap();
    }
    if (wanted("cluster")) {
      cluster();
    }
    if (wanted("cli")) {
      new CliBench(this).run();
    }
    if (wanted("ros2") || wanted("bridge")) {
      new Ros2Bench(this).run();
    }
    if (wanted("gateway")) {
      new GatewayBench(this).run();
    }
    String report = report(when, load);
    System.out.println();
    tables.forEach(t -> System.out.println(t.text()));
    problems.forEach(p -> System.out.println("problem: " + p));
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println("written to " + out);
  }

  private static final List<String> ROS1_SECTIONS = List.of("throughput", "metrics", "latency", "services", "startup", "heap", "cluster", "bridge", "cli", "gateway");

  boolean wanted(String section) {
    return only.isEmpty() || only.contains(section);
  }

  // ---- benchmarks

  private static final Payload[] SIZES = {Payload.STR16, Payload.STR1K, Payload.IMG1M};

  private List<Pair> topicPairs() {
    return quick
        ? List.of(new Pair(Peer.SYS, Peer.SYS), new Pair(Peer.SYS, Peer.CPP), new Pair(Peer.CPP, Peer.CPP), new Pair(Peer.PY, Peer.PY))
        : List.of(new Pair(Peer.SYS, Peer.SYS), new Pair(Peer.NODE, Peer.NODE), new Pair(Peer.SYS, Peer.CPP),
            new Pair(Peer.CPP, Peer.SYS), new Pair(Peer.CPP, Peer.CPP), new Pair(Peer.PY, Peer.PY));
  }

  /**
   * Throughput adds a run with both JVMs on ParallelGC (G1 makes every 1 MB buffer a humongous
   * allocation) and the node actor on one side only, to show which side limits it.
   */
  private List<Pair> throughputPairs() {
    List<Pair> pairs = new ArrayList<>(topicPairs());
    if (!quick) {
      pairs.add(1, new Pair(Peer.SYS_PGC, Peer.SYS_PGC));
      pairs.add(3, new Pair(Peer.NODE, Peer.SYS));
      pairs.add(4, new Pair(Peer.SYS, Peer.NODE));
    }
    return pairs;
  }

  private void throughput() throws Exception {
    Table t = new Table("Topic throughput", String.format(Locale.ROOT,
        "Publisher publishes flat out (queue_size 100, drop-oldest), subscriber (queue 100) counts for %.1f s after "
            + "%.1f s of warm-up. MB = 10^6 bytes of serialized message. For the 1 MB image, a flat-out publish loop "
            + "starves roscpp's own writer (roscpp → Pyros is as slow as roscpp → roscpp, Pyros → roscpp is not), so "
            + "the same pairs also run paced at %s Hz, and the row shows the best rate delivered. Ratios: msgs/s against the better of roscpp → roscpp's rows "
            + "and of rospy → rospy's rows for the same message. The ceiling row is one plain loopback socket between "
            + "two JVMs that only move bytes: no row can pass it.", measure, warmup,
            java.util.Arrays.stream(PACED_HZ).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(", "))),
        "Message", "Publisher → subscriber", "msgs/s", "MB/s", "vs roscpp", "vs rospy");
    List<Payload> sizes = quick ? List.of(Payload.STR16, Payload.IMG1M) : List.of(SIZES);
    for (Payload kind : sizes) {
      Map<String, Double> rates = new LinkedHashMap<>();
      double cpp = Double.NaN;
      double py = Double.NaN;
      for (Pair p : throughputPairs()) {
        Map<String, String> r = topicRun(p, kind, 0);
        double rate = r == null ? Double.NaN : Double.parseDouble(r.get("rate"));
        rates.put(p.label(), rate);
        cpp = p.equals(CPP_CPP) ? rate : cpp;
        py = p.equals(PY_PY) ? rate : py;
      }
      if (kind == Payload.IMG1M) {
        for (Pair p : List.of(SYS_SYS, CPP_CPP, PY_PY)) {
          double rate = bestPacedRate(p, kind);
          rates.put(p.label() + ", paced", rate);
          cpp = p.equals(CPP_CPP) ? Math.max(cpp, rate) : cpp;
          py = p.equals(PY_PY) ? Math.max(py, rate) : py;
        }
      }
      int bytes = Ros1Encoder.size(kind.build(types, 0));
      rates.put("ceiling: plain socket, " + bytes + " B frames, no protocol", ceiling(kind.kind, bytes));
      String message = kind.kind + " (" + kind.typeName + ", " + bytes + " B)";
      double cppBest = cpp;
      double pyBest = py;
      rates.forEach((label, rate) -> t.add(message, label,
          fmt(rate, 0), fmt(rate * bytes / 1e6, 1), ratio(rate, cppBest), ratio(rate, pyBest)));
    }
    tables.add(t);
  }

  /**
   * What the node's metrics cost: small-message throughput node actor → node actor with metrics
   * disabled and with them counting, bound to a registry that is scraped every second. The two
   * take turns, several rounds, and the medians are compared (one pair of runs is within the
   * noise of a shared machine). Target: the cost is at most 5 %.
   */
  private void metricsCost() throws Exception {
    int rounds = quick ? 2 : 5;
    Pair off = new Pair(Peer.NODE_NO_METRICS, Peer.NODE_NO_METRICS);
    Pair on = new Pair(Peer.NODE_METRICS, Peer.NODE_METRICS);
    List<Double> offRates = new ArrayList<>();
    List<Double> onRates = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      for (Pair p : i % 2 == 0 ? List.of(off, on) : List.of(on, off)) {
        Map<String, String> r = topicRun(p, Payload.STR16, 0);
        (p == off ? offRates : onRates).add(r == null ? Double.NaN : Double.parseDouble(r.get("rate")));
      }
    }
    Table t = new Table("Metrics cost", String.format(Locale.ROOT,
        "Small-message throughput (%s), node actor → node actor as in the throughput table, with the node's metrics "
            + "disabled (PyrosMetrics.disabled()) and counting, bound to a SimpleMeterRegistry read in full every second. "
            + "%d rounds, the two taking turns; msgs/s is the median. Target: metrics cost at most 5 %% (ratio at least 0.95x).",
        Payload.STR16.kind, rounds),
        "Metrics", "msgs/s (median)", "runs", "ratio", "");
    double offMedian = median(offRates);
    double onMedian = median(onRates);
    t.add(off.from.label, fmt(offMedian, 0), runs(offRates), "", "");
    t.add(on.from.label, fmt(onMedian, 0), runs(onRates), ratio(onMedian, offMedian),
        Double.isNaN(onMedian) || Double.isNaN(offMedian) ? "n/a" : onMedian >= 0.95 * offMedian ? "met" : "missed");
    tables.add(t);
  }

  private static double median(List<Double> values) {
    List<Double> known = values.stream().filter(v -> !v.isNaN()).sorted().toList();
    if (known.isEmpty()) {
      return Double.NaN;
    }
    int n = known.size();
    return n % 2 == 1 ? known.get(n / 2) : (known.get(n / 2 - 1) + known.get(n / 2)) / 2;
  }

  private static String runs(List<Double> values) {
    return values.stream().map(v -> fmt(v, 0)).collect(java.util.stream.Collectors.joining(", "));
  }

  private static final Pair SYS_SYS = new Pair(Peer.SYS, Peer.SYS);
  private static final Pair CPP_CPP = new Pair(Peer.CPP, Peer.CPP);
  private static final Pair PY_PY = new Pair(Peer.PY, Peer.PY);
  private static final int[] PACED_HZ = {1000, 2000, 4000, 8000};

  /**
   * The best rate a pair delivers when its publisher is paced at {@link #PACED_HZ} in turn (the
   * best is not always at the highest rate the subscriber keeps up with, so all are tried).
   */
  private double bestPacedRate(Pair p, Payload kind) throws Exception {
    double best = Double.NaN;
    for (int hz : PACED_HZ) {
      Map<String, String> r = topicRun(p, kind, hz);
      if (r != null) {
        double rate = Double.parseDouble(r.get("rate"));
        best = Double.isNaN(best) ? rate : Math.max(best, rate);
      }
    }
    return best;
  }

  /**
   * Frames per second one loopback TCP connection carries between two JVMs doing nothing else
   * ({@link LoopbackCeiling}): the bound for every row above.
   */
  private double ceiling(String kind, int bytes) throws Exception {
    String name = (++seq) + "-" + kind + "-ceiling";
    List<String> reader = javaCommand(name + "-read");
    reader.addAll(List.of(LoopbackCeiling.class.getName(), "read", Integer.toString(bytes),
        Double.toString(warmup), Double.toString(measure)));
    Proc read = Proc.start(name + "-read", reader, env, logDir);
    running.add(read);
    Proc write = null;
    try {
      Proc.Line port = read.await("PORT=", 30);
      if (port == null) {
        problems.add(name + ": the reader did not start");
        return Double.NaN;
      }
      List<String> writer = javaCommand(name + "-write");
      writer.addAll(List.of(LoopbackCeiling.class.getName(), "write", Integer.toString(bytes), port.text().substring(5)));
      write = Proc.start(name + "-write", writer, env, logDir);
      running.add(write);
      Proc.Line l = read.await("RESULT", 60 + warmup + measure);
      System.out.println(name + ": " + (l == null ? "no result" : l.text()));
      Map<String, String> r = result(name, l);
      return r == null ? Double.NaN : Double.parseDouble(r.get("rate"));
    } finally {
      stop(read);
      stop(write);
    }
  }

  private void latency() throws Exception {
    Table t = new Table("One-way latency, small messages", String.format(Locale.ROOT,
        "std_msgs/Header at %d Hz stamped with the wall clock by the publisher; the subscriber subtracts it from its own "
            + "wall clock (same machine) in its callback. %.1f s measured after %.1f s warm-up. TCP_NODELAY asked by every "
            + "subscriber.", latencyRate, measure, warmup),
        "Publisher → subscriber", "p50 µs", "p99 µs", "samples", "p50 vs roscpp");
    Map<Pair, Map<String, String>> results = new LinkedHashMap<>();
    for (Pair p : topicPairs()) {
      results.put(p, topicRun(p, Payload.STAMP, latencyRate));
    }
    double cpp = num(results.get(new Pair(Peer.CPP, Peer.CPP)), "p50");
    results.forEach((p, r) -> t.add(p.label(), r == null ? "n/a" : r.get("p50"), r == null ? "n/a" : r.get("p99"),
        r == null ? "n/a" : r.get("samples"), ratio(cpp, num(r, "p50"))));
    tables.add(t);
  }

  /** One publisher and one subscriber process on a fresh topic; the subscriber's RESULT fields. */
  private Map<String, String> topicRun(Pair p, Payload kind, int rate) throws Exception {
    String topic = "/bench/topic" + (++seq);
    String name = seq + "-" + kind.kind + "-" + p.from + "-" + p.to;
    double maxSeconds = warmup + measure + 120;
    Proc pub = start(name + "-pub", p.from, "pub", topic, kind.kind, fmt(maxSeconds, 0), Integer.toString(rate));
    Proc sub = start(name + "-sub", p.to, "sub", topic, kind.kind, Double.toString(warmup), Double.toString(measure));
    try {
      Proc.Line l = sub.await("RESULT", 90 + warmup + measure);
      System.out.println(name + ": " + (l == null ? "no result" : l.text()));
      return result(name, l);
    } finally {
      stop(sub);
      stop(pub);
    }
  }

  private void services() throws Exception {
    Table t = new Table("Service round trip", String.format(Locale.ROOT,
        "std_srvs/SetBool, %d sequential calls after %d warm-up calls. roscpp and rospy clients look the service up "
            + "at the master and open a new connection for every call (ROS's default, non-persistent); Pyros keeps the "
            + "service's location and one connection (RosSystem's ServiceConnections); \"persistent\" rows keep one "
            + "connection. The last two rows are the parts of an uncached call: a master lookup, a new connection. Ratio: roscpp → roscpp p50 divided by this p50 (above 1 = faster than roscpp).",
        calls, callWarmup),
        "Caller → server", "p50 µs", "p99 µs", "calls/s", "p50 vs roscpp");
    List<Pair> pairs = quick
        ? List.of(new Pair(Peer.SYS, Peer.SYS), new Pair(Peer.SYS, Peer.PY), new Pair(Peer.CPP, Peer.CPP), new Pair(Peer.PY, Peer.PY))
        : List.of(new Pair(Peer.SYS, Peer.SYS), new Pair(Peer.NODE, Peer.SYS), new Pair(Peer.SYS, Peer.PY),
            new Pair(Peer.SYS, Peer.CPP), new Pair(Peer.CPP, Peer.SYS), new Pair(Peer.CPP, Peer.CPP),
            new Pair(Peer.PY, Peer.PY), new Pair(Peer.TCPROS, Peer.SYS), new Pair(Peer.CPP_PERSISTENT, Peer.CPP),
            new Pair(Peer.LOOKUP, Peer.SYS), new Pair(Peer.CONNECT, Peer.SYS));
    Map<Pair, Map<String, String>> results = new LinkedHashMap<>();
    for (Pair p : pairs) {
      String service = "/bench/srv" + (++seq);
      String name = seq + "-srv-" + p.from + "-" + p.to;
      Proc server = start(name + "-server", p.to, "srv", service);
      try {
        if (server.await("READY", 60) == null) {
          problems.add(name + ": server did not start");
          continue;
        }
        Proc caller = p.from == Peer.CPP_PERSISTENT
            ? start(name + "-caller", Peer.CPP, "call", service, Integer.toString(callWarmup), Integer.toString(calls), "persistent")
            : start(name + "-caller", p.from, "call", service, Integer.toString(callWarmup), Integer.toString(calls));
        try {
          Proc.Line l = caller.await("RESULT", 180);
          System.out.println(name + ": " + (l == null ? "no result" : l.text()));
          results.put(p, result(name, l));
        } finally {
          stop(caller);
        }
      } finally {
        stop(server);
      }
    }
    double cpp = num(results.get(new Pair(Peer.CPP, Peer.CPP)), "p50");
    results.forEach((p, r) -> t.add(p.label(), r == null ? "n/a" : r.get("p50"), r == null ? "n/a" : r.get("p99"),
        r == null ? "n/a" : r.get("rate"), ratio(cpp, num(r, "p50"))));
    tables.add(t);
  }

  private void startup() throws Exception {
    Table t = new Table("Start-up to first message", String.format(Locale.ROOT,
        "Wall time from starting the subscriber process to its first received message (read on its stdout), a roscpp "
            + "publisher already publishing std_msgs/String at 1 kHz. Median of %d run(s). JVM options: %s.",
        startupReps, jvmOptions.isEmpty() ? "defaults" : String.join(" ", jvmOptions)),
        "Subscriber process", "median ms", "min ms", "max ms", "time vs roscpp");
    String topic = "/bench/startup";
    Proc pub = start("startup-pub", Peer.CPP, "pub", topic, "str16", "600", "1000");
    Map<Peer, double[]> times = new LinkedHashMap<>();
    try {
      if (pub.await("READY", 30) == null) {
        problems.add("startup: publisher did not start");
        return;
      }
      List<Peer> subs = quick ? List.of(Peer.SYS, Peer.CPP, Peer.PY) : List.of(Peer.SYS, Peer.NODE, Peer.CPP, Peer.PY);
      for (Peer peer : subs) {
        double[] ms = new double[startupReps];
        for (int i = 0; i < startupReps; i++) {
          String name = "startup-" + peer + "-" + i;
          Proc sub = start(name, peer, "first", topic, "str16");
          try {
            Proc.Line l = sub.await("FIRST", 60);
            ms[i] = l == null || !l.text().startsWith("FIRST") ? Double.NaN : (l.nanos() - sub.startNanos) / 1e6;
            System.out.println(name + ": " + fmt(ms[i], 0) + " ms " + (l == null ? "" : l.text()));
          } finally {
            stop(sub);
          }
        }
        java.util.Arrays.sort(ms);
        times.put(peer, ms);
      }
    } finally {
      stop(pub);
    }
    double cpp = times.containsKey(Peer.CPP) ? times.get(Peer.CPP)[startupReps / 2] : Double.NaN;
    times.forEach((peer, ms) -> t.add(peer.label, fmt(ms[startupReps / 2], 0), fmt(ms[0], 0), fmt(ms[startupReps - 1], 0),
        ms[startupReps / 2] / cpp > 0 ? String.format(Locale.ROOT, "%.1fx", ms[startupReps / 2] / cpp) : "n/a"));
    tables.add(t);
  }

  private void heap() throws Exception {
    int rate0 = 1000;
    int rate = 20;
    int slowMs = 5;
    Table t = new Table("Heap with 100 exposed topics and slow subscribers", String.format(Locale.ROOT,
        "One Pyros JVM (node actor, default heap settings) exposing /bench/heap/**: a roscpp node publishes 100 topics "
            + "(std_msgs/String 1 KB; t0 at %d Hz, t1..t99 at %d Hz) and the node subscribes to all of them. A local "
            + "subscriber on t0 (PyrosClient.subscribe) takes %d ms per message (slow consumer); the node publishes "
            + "/bench/heap/out (1 KB, 1 kHz) to a remote TCPROS subscriber that reads only 10 KB/s (slow socket). "
            + "Heap used after System.gc() every %.0f s.", rate0, rate, slowMs, heapInterval),
        "t s", "heap after GC MB", "slow subscriber handled");
    Proc pubs = start("heap-pubmany", Peer.CPP, "pubmany", "/bench/heap", "100", "str1k", Integer.toString(rate), Integer.toString(rate0));
    Proc java = null;
    Proc stall = null;
    try {
      if (pubs.await("READY", 30) == null) {
        problems.add("heap: publisher did not start");
        return;
      }
      java = start("heap-pyros", Peer.NODE, "heap", "/bench/heap", "100", Double.toString(heapSeconds),
          Double.toString(heapInterval), Integer.toString(slowMs));
      if (java.await("READY", 90) == null) {
        problems.add("heap: Pyros node did not start");
        return;
      }
      stall = Proc.start("heap-stall", List.of("/usr/bin/python3", root.resolve("py/peer.py").toString(), "stall",
          "/bench/heap/out", "10000"), env, logDir);
      running.add(stall);
      List<Double> used = new ArrayList<>();
      while (true) {
        Proc.Line l = java.await("HEAP", heapInterval + 60);
        if (l == null || !l.text().startsWith("HEAP")) {
          break;
        }
        Map<String, String> f = fields(l.text());
        System.out.println("heap: " + l.text());
        used.add(Double.parseDouble(f.get("used_mb")));
        t.add(f.get("t"), f.get("used_mb"), f.get("slow_handled"));
      }
      if (used.size() >= 3) {
        // Least-squares slope from the second sample on (the first is before the load settles).
        List<Double> ys = used.subList(1, used.size());
        double n = ys.size();
        double mx = (n - 1) / 2;
        double my = ys.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < ys.size(); i++) {
          sxy += (i - mx) * (ys.get(i) - my);
          sxx += (i - mx) * (i - mx);
        }
        double perMinute = sxy / sxx / heapInterval * 60;
        t.add("trend", fmt(perMinute, 1) + " MB/min", perMinute > 2 ? "GROWING" : "flat");
        histogram(java, t);
      } else {
        problems.add("heap: too few samples");
      }
    } finally {
      stop(stall);
      stop(java);
      stop(pubs);
    }
    tables.add(t);
  }

  /** The biggest classes on the heap (jcmd GC.class_histogram), to tell what grows. */
  private void histogram(Proc java, Table t) {
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(java.pid()), "GC.class_histogram").redirectErrorStream(true).start();
      List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
      p.waitFor();
      Files.write(logDir.resolve("heap-histogram.txt"), lines);
      lines.stream().filter(l -> l.matches("\\s*\\d+:.*")).limit(5).forEach(l -> {
        String[] f = l.trim().split("\\s+");
        if (f.length >= 4) {
          t.add("histogram: " + f[3], fmt(Long.parseLong(f[2]) / 1048576.0, 1) + " MB", f[1] + " instances");
        }
      });
    } catch (Exception e) {
      problems.add("heap histogram: " + e.getMessage());
    }
  }

  /**
   * The cluster hop: a node-host member and a client member (two JVMs, two Pekko cluster members
   * on loopback). Each measures the same operations through PyrosCluster.client(), the host
   * in-process and the client across the hop, one after the other with both members up.
   */
  private void cluster() throws Exception {
    int warm = quick ? 500 : 2000;
    int count = quick ? 1000 : 5000;
    double target = 100;
    Table t = new Table("Cluster hop", String.format(Locale.ROOT,
        "Two Pekko cluster members on loopback (Artery TCP, Kryo serialization): a node host (the Pyros node on an "
            + "InMemorySystem with a latched std_msgs/String topic and a std_srvs/SetBool service answering at once) and a "
            + "client member. Each runs %,d sequential rounds of one operation of each kind (each timed alone) after %,d "
            + "warm-up rounds, through PyrosCluster.client(): in-process on the node host, then from the client JVM (the "
            + "other member idle meanwhile). publish is acknowledged (PyrosClient.publish, not send). Target: the hop adds at most %.0f µs "
            + "at p50. From the client JVM, requests take the request link to the node's host (a TCP connection of their own; "
            + "cluster/README.md); the rows marked Artery are a second client member with the link turned off "
            + "(pyros.cluster.request-link.enabled = off), whose requests go as actor messages over Artery as before the link. "
            + "The Pekko ask row is a plain ask over Artery to an echo actor on the host (no Pyros): Artery's own cost. "
            + "The last row is no request at all: two threads of one JVM passing a turn back and forth (each parks "
            + "until the other unparks it), the price of one wake-up, which every hand-off between threads pays when "
            + "the receiving thread is idle.",
        count, warm, target),
        "Operation", "in-process p50 µs", "in-process p99 µs", "other JVM p50 µs", "other JVM p99 µs", "hop added p50 µs",
        "vs 100 µs target");
    int hostPort = freePort();
    int clientPort = freePort();
    String seed = "127.0.0.1:" + hostPort;
    Proc host = startCluster("cluster-host", "host", hostPort, seed, warm, count);
    try {
      Proc.Line ready = host.await("READY", 90);
      if (ready == null || !ready.text().startsWith("READY")) {
        problems.add("cluster: node host did not start: " + (ready == null ? "(see " + logDir + ")" : ready.text()));
        return;
      }
      host.tell("GO");
      Map<String, Map<String, String>> local = clusterResults("cluster-host", host);
      Map<String, Map<String, String>> remote = clientRun("cluster-client", clientPort, seed, warm, count);
      Map<String, Map<String, String>> artery = clientRun("cluster-client-artery", freePort(), seed, warm, count,
          "-Dpyros.cluster.request-link.enabled=off");
      String link = field(remote.get("route"), "link");
      if (!link.startsWith("127.0.0.1:")) {
        problems.add("cluster: the client's requests did not take the request link (link=" + link + ")");
      }
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("latest", "latest(topic)");
      labels.put("call", "call(service)");
      labels.put("publish", "publish, acknowledged");
      labels.forEach((op, label) -> {
        double hop = num(remote.get(op), "p50") - num(local.get(op), "p50");
        t.add(label, field(local.get(op), "p50"), field(local.get(op), "p99"), field(remote.get(op), "p50"),
            field(remote.get(op), "p99"), fmt(hop, 0), Double.isNaN(hop) ? "n/a" : hop <= target ? "met" : "missed");
      });
      labels.forEach((op, label) -> {
        double hop = num(artery.get(op), "p50") - num(local.get(op), "p50");
        t.add(label + ", over Artery (link off)", field(local.get(op), "p50"), field(local.get(op), "p99"),
            field(artery.get(op), "p50"), field(artery.get(op), "p99"), fmt(hop, 0), "(without the link)");
      });
      double ask = num(remote.get("pekko_ask"), "p50") - num(local.get("pekko_ask"), "p50");
      t.add("Pekko ask to an echo actor (no Pyros)", field(local.get("pekko_ask"), "p50"), field(local.get("pekko_ask"), "p99"),
          field(remote.get("pekko_ask"), "p50"), field(remote.get("pekko_ask"), "p99"), fmt(ask, 0), "(Artery alone)");
    } finally {
      stop(host);
    }
    Samples wake = threadWakeUps(count);
    t.add("two threads waking each other (round trip, no actors, no network)", Long.toString(wake.percentile(50)),
        Long.toString(wake.percentile(99)), "", "", "", "(machine)");
    tables.add(t);
  }

  /** Round trips of a turn passed between two threads that park while waiting for it. */
  private static Samples threadWakeUps(int count) throws InterruptedException {
    java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
    Thread main = Thread.currentThread();
    Thread other = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        while (turn.get() != 1) {
          java.util.concurrent.locks.LockSupport.park();
          if (Thread.currentThread().isInterrupted()) {
            return;
          }
        }
        turn.set(0);
        java.util.concurrent.locks.LockSupport.unpark(main);
      }
    }, "wake-up-partner");
    other.setDaemon(true);
    other.start();
    Samples micros = new Samples(count);
    for (int i = -count; i < count; i++) { // the first half warms up
      long t0 = System.nanoTime();
      turn.set(1);
      java.util.concurrent.locks.LockSupport.unpark(other);
      while (turn.get() != 0) {
        java.util.concurrent.locks.LockSupport.park();
      }
      if (i >= 0) {
        micros.add((System.nanoTime() - t0) / 1000);
      }
    }
    other.interrupt();
    other.join(1000);
    return micros;
  }

  /** The RESULT lines of a cluster peer, by operation, until DONE. */
  /** Starts a client member, runs its rounds and stops it; its results by operation (empty when it failed). */
  private Map<String, Map<String, String>> clientRun(String name, int port, String seed, int warm, int count, String... jvmOptions)
      throws IOException, InterruptedException {
    Proc client = startCluster(name, "client", port, seed, warm, count, jvmOptions);
    try {
      Proc.Line ready = client.await("READY", 90);
      if (ready == null || !ready.text().startsWith("READY")) {
        problems.add("cluster: " + name + " did not start: " + (ready == null ? "(see " + logDir + ")" : ready.text()));
        return Map.of();
      }
      client.tell("GO");
      return clusterResults(name, client);
    } finally {
      stop(client);
    }
  }

  private Map<String, Map<String, String>> clusterResults(String name, Proc p) throws InterruptedException {
    Map<String, Map<String, String>> results = new HashMap<>();
    while (true) {
      Proc.Line l = p.await("", 180);
      if (l == null || l.text().startsWith("ERROR")) {
        problems.add(name + ": " + (l == null ? "no result (see " + logDir + ")" : l.text()));
        return results;
      }
      if (l.text().startsWith("DONE")) {
        return results;
      }
      if (l.text().startsWith("RESULT")) {
        System.out.println(name + ": " + l.text());
        Map<String, String> f = fields(l.text());
        results.put(f.get("op"), f);
      }
    }
  }

  private Proc startCluster(String name, String role, int port, String seeds, int warm, int count, String... jvmOptions)
      throws IOException {
    Map<String, String> memberEnv = new HashMap<>(env);
    memberEnv.put("PYROS_CLUSTER_HOST", "127.0.0.1");
    memberEnv.put("PYROS_CLUSTER_PORT", Integer.toString(port));
    memberEnv.put("PYROS_CLUSTER_SEEDS", seeds);
    memberEnv.put("PYROS_ROLES", role.equals("host") ? "pyros-node" : "pyros-client");
    List<String> cmd = javaCommand(name);
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of(ClusterPeer.class.getName(), role, Integer.toString(warm), Integer.toString(count)));
    Proc p = Proc.start(name, cmd, memberEnv, logDir);
    running.add(p);
    return p;
  }

  private static String field(Map<String, String> r, String key) {
    return r == null || !r.containsKey(key) ? "n/a" : r.get(key);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  // ---- processes

  /** java, the JVM options, JFR when asked, the class path: the main class and its arguments follow. */
  List<String> javaCommand(String name) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    if (System.getenv("BENCH_JFR") != null) {
      cmd.add("-XX:StartFlightRecording=filename=" + logDir.resolve(name + ".jfr") + ",settings=profile");
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    return cmd;
  }

  private Proc start(String name, Peer peer, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    switch (peer) {
      case SYS, SYS_PGC, NODE, NODE_NO_METRICS, NODE_METRICS, TCPROS, LOOKUP, CONNECT -> {
        cmd.addAll(javaCommand(name));
        if (peer == Peer.SYS_PGC) {
          cmd.add(1, "-XX:+UseParallelGC");
        }
        cmd.addAll(List.of(JavaPeer.class.getName(),
            peer == Peer.SYS || peer == Peer.SYS_PGC ? "system" : peer.name().toLowerCase(Locale.ROOT)));
      }
      case CPP, CPP_PERSISTENT -> cmd.add(root.resolve("target/cpp/peer").toString());
      case PY -> cmd.addAll(List.of("/usr/bin/python3", root.resolve("py/peer.py").toString()));
    }
    cmd.addAll(List.of(args));
    Proc p = Proc.start(name, cmd, env, logDir);
    running.add(p);
    return p;
  }

  /** Starts {@code py/peer.py} with these arguments (rospy, on the run's master). */
  Proc startPython(String name, String... args) throws IOException {
    return start(name, Peer.PY, args);
  }

  void stop(Proc p) {
    if (p != null) {
      p.stop();
      running.remove(p);
    }
  }

  private void stopAll() {
    for (Proc p : running) {
      p.stop();
    }
    running.clear();
    if (master != null) {
      master.stop();
      master = null;
    }
  }

  private void startMaster() throws Exception {
    int port = freePort();
    Path home = root.resolve("target/ros-home");
    Files.createDirectories(home);
    String uri = "http://127.0.0.1:" + port;
    env.put("ROS_MASTER_URI", uri);
    env.put("ROS_HOSTNAME", "127.0.0.1");
    env.put("ROS_IP", "127.0.0.1");
    env.put("ROS_LOG_DIR", home.resolve("log").toString());
    env.put("ROS_HOME", home.toString());
    env.put("PYTHONUNBUFFERED", "1");
    master = Proc.start("rosmaster", List.of("rosmaster", "--core", "-p", Integer.toString(port)), env, logDir);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    String body = "<?xml version=\"1.0\"?><methodCall><methodName>getPid</methodName><params>"
        + "<param><value><string>/bench</string></value></param></params></methodCall>";
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "text/xml").timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          break;
        }
      } catch (IOException e) {
        // not up yet
      }
      if (System.nanoTime() > deadline || !master.alive()) {
        throw new IllegalStateException("rosmaster did not come up on port " + port + " (see " + logDir + ")");
      }
      Thread.sleep(100);
    }
    System.out.println("rosmaster up at " + uri);
  }

  // ---- results

  private Map<String, String> result(String name, Proc.Line l) {
    if (l == null || !l.text().startsWith("RESULT")) {
      problems.add(name + ": " + (l == null ? "no result (see " + logDir + ")" : l.text()));
      return null;
    }
    return fields(l.text());
  }

  static Map<String, String> fields(String line) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String part : line.split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        m.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return m;
  }

  static double num(Map<String, String> r, String key) {
    return r == null || !r.containsKey(key) ? Double.NaN : Double.parseDouble(r.get(key));
  }

  static String fmt(double v, int decimals) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) || b <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2fx", a / b);
  }

  private String report(String when, String load) {
    StringBuilder b = new StringBuilder("# Pyros benchmarks against roscpp, rospy, Cyclone DDS and Fast DDS\n\n");
    b.append("Reproduce with `bash bench/run.sh").append(quick ? " --quick" : "")
        .append(only.isEmpty() ? "" : " --only " + String.join(",", only)).append("` (one run, loopback, its own rosmaster and DDS domain). What the tables show against the targets, and "
        + "what changed for them: [README.md](README.md).\n\n");
    b.append("| | |\n|---|---|\n");
    b.append("| Date | ").append(when).append(" |\n");
    b.append("| Mode | ").append(quick ? "quick (short windows, fewer pairs)" : "full")
        .append(only.isEmpty() ? "" : ", only " + String.join(", ", only)).append(" |\n");
    b.append("| CPU | ").append(cpuModel()).append(" |\n");
    b.append("| nproc | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n");
    b.append("| Memory | ").append(memTotal()).append(" |\n");
    b.append("| Load average at start | ").append(load).append(" |\n");
    b.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append(" |\n");
    b.append("| JDK | ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
        .append(", peer JVM options: ").append(jvmOptions.isEmpty() ? "defaults" : String.join(" ", jvmOptions)).append(" |\n");
    b.append("| ROS | ").append(System.getenv().getOrDefault("BENCH_ROS_VERSION", "?")).append(" |\n");
    b.append("| DDS | ").append(System.getenv().getOrDefault("BENCH_DDS_VERSION", "?")).append(" |\n\n");
    double load1 = load.isEmpty() || load.equals("?") ? 0 : Double.parseDouble(load.split("\\s+")[0]);
    if (load1 > Runtime.getRuntime().availableProcessors() / 2.0) {
      b.append("**Note:** other work was running (load average ").append(load.split("\\s+")[0])
          .append(" on ").append(Runtime.getRuntime().availableProcessors())
          .append(" CPUs): throughput and p99 figures are noisy; compare only within this run, and rerun on a quiet machine.\n\n");
    }
    tables.forEach(t -> b.append(t.markdown()));
    if (!problems.isEmpty()) {
      b.append("## Problems during this run\n\n");
      problems.forEach(p -> b.append("- ").append(p).append('\n'));
    }
    return b.toString();
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      return "?";
    }
  }

  private static String cpuModel() {
    return read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name")).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
  }

  private static String memTotal() {
    return read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal")).findFirst()
        .map(l -> {
          long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
          return String.format(Locale.ROOT, "%.1f GiB", kb / 1048576.0);
        }).orElse("?");
  }
}
