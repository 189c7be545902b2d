package org.pyros.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code cli} section of the benchmark: how long a {@code pyros} command takes against a
 * running master, against the rospy tool that does the same (rostopic, rosservice, rosnode,
 * rosparam), on the run's rosmaster with a rospy service and a parameter in the graph. Each
 * command runs once unmeasured (it writes {@code bin/pyros}'s class-data sharing archive; Python
 * caches its byte code), then both tools take turns; the table shows the median wall time.
 */
final class CliBench {
  private static final String SERVICE = "/bench_cli/flag";
  private static final String PARAM = "/bench_cli/gain";

  private final BenchRunner bench;
  private final int reps;

  CliBench(BenchRunner bench) {
    this.bench = bench;
    this.reps = bench.quick ? 3 : 7;
  }

  /** One command as each tool spells it. */
  private record Pair(String label, List<String> pyros, List<String> ros) {}

  void run() throws Exception {
    Path pyros = bench.root.toAbsolutePath().getParent().resolve("bin/pyros");
    List<Pair> pairs = List.of(
        new Pair("list topics", List.of("topics"), List.of("rostopic", "list")),
        new Pair("list services", List.of("services"), List.of("rosservice", "list")),
        new Pair("list nodes", List.of("nodes"), List.of("rosnode", "list")),
        new Pair("get a param", List.of("param", "get", PARAM), List.of("rosparam", "get", PARAM)),
        new Pair("call a service", List.of("call", SERVICE, "{\"data\": true}"), List.of("rosservice", "call", SERVICE, "data: true")));
    Table t = new Table("Command-line tools", String.format(Locale.ROOT,
        "Wall time of one command against the run's rosmaster (a rospy node serving %s, a parameter %s), median of %d runs "
            + "after one unmeasured run each, the two tools taking turns. pyros is bin/pyros (the CLI jar, its class-data "
            + "sharing archive, the client compiler for commands that end by themselves); the others are Debian's rospy "
            + "tools. Target: pyros at most 2x the rospy tool.", SERVICE, PARAM, reps),
        "Command", "pyros", "pyros ms", "rospy tool", "rospy tool ms", "ratio", "");
    Proc server = bench.startPython("cli-flag-server", "srv", SERVICE);
    try {
      if (server.await("READY", 60) == null) {
        bench.problems.add("cli: the rospy service did not start (see " + bench.logDir + ")");
        return;
      }
      if (time("cli-setparam", List.of("rosparam", "set", PARAM, "2.5")) < 0) {
        return;
      }
      for (Pair p : pairs) {
        List<String> pyrosCommand = new ArrayList<>(List.of(pyros.toString()));
        pyrosCommand.addAll(p.pyros());
        time("cli-warm-pyros", pyrosCommand);
        time("cli-warm-ros", p.ros());
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
          ours.add(time("cli-pyros", pyrosCommand));
          theirs.add(time("cli-ros", p.ros()));
        }
        double a = median(ours);
        double b = median(theirs);
        System.out.printf(Locale.ROOT, "cli: %s: pyros %.0f ms, %s %.0f ms%n", p.label(), a, p.ros().get(0), b);
        t.add(p.label(), "pyros " + String.join(" ", p.pyros()), BenchRunner.fmt(a, 0), String.join(" ", p.ros()),
            BenchRunner.fmt(b, 0), BenchRunner.ratio(a, b), Double.isNaN(a) || Double.isNaN(b) ? "" : a <= 2 * b ? "met" : "missed");
      }
    } finally {
      bench.stop(server);
    }
    bench.tables.add(t);
  }

  /** Runs a command to its end; its wall time in ms, or NaN (and a problem) when it failed. */
  private double time(String name, List<String> command) throws IOException, InterruptedException {
    Path log = bench.logDir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(bench.env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      bench.problems.add("cli: " + String.join(" ", command) + " did not end within 60 s");
      return Double.NaN;
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    if (p.exitValue() != 0) {
      bench.problems.add("cli: " + String.join(" ", command) + " exited " + p.exitValue() + ": " + Files.readString(log).strip());
      return Double.NaN;
    }
    return ms;
  }

  private static double median(List<Double> values) {
    List<Double> v = values.stream().filter(d -> !Double.isNaN(d)).sorted().toList();
    return v.isEmpty() ? Double.NaN : v.get(v.size() / 2);
  }
}
