package org.pyros.cluster.jvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One cluster member in its own JVM ({@code java -cp <test classpath> <main>}), driven through
 * the {@code MemberConsole} line protocol: requests go to its stdin, every stdout line is kept
 * so tests can wait for a line with a deadline. Logs (stderr) go to a file. Shared with other
 * modules' tests through this module's test jar.
 */
public final class MemberProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Writer stdin;
  private final AtomicInteger ids = new AtomicInteger();
  private final Thread reader;
  final int port;

  private MemberProcess(String name, Process process, int port) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.reader = new Thread(this::readStdout, "stdout-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a member.
   *
   * @param seedPort port of the first seed (the first node host), or its own port to start a cluster
   */
  static MemberProcess start(String name, Class<?> main, int port, int seedPort, Path logDir) throws IOException {
    return start(name, main, port, seedPort, logDir, List.of());
  }

  /**
   * Starts a member with extra JVM options (e.g. {@code -D} settings, later ones win) and
   * program arguments.
   */
  public static MemberProcess start(String name, Class<?> main, int port, int seedPort, Path logDir, List<String> jvmOptions,
      String... args) throws IOException {
    List<String> options = new ArrayList<>(List.of(
        // Short timings so a cut-off member is downed and the node moves within seconds.
        "-Dpekko.cluster.failure-detector.heartbeat-interval=300ms",
        "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=1500ms",
        "-Dpekko.cluster.split-brain-resolver.stable-after=2s"));
    options.addAll(jvmOptions);
    return startWith(name, main, port, seedPort, logDir, options, args);
  }

  /**
   * Starts a member with the failure detector and split brain resolver timings pyros-cluster
   * ships (its reference.conf), to measure what a user gets.
   */
  static MemberProcess startWithShippedTimings(String name, Class<?> main, int port, int seedPort, Path logDir) throws IOException {
    return startWith(name, main, port, seedPort, logDir, List.of());
  }

  private static MemberProcess startWith(String name, Class<?> main, int port, int seedPort, Path logDir, List<String> jvmOptions,
      String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dpyros.ask-timeout=3s",
        "-Dpyros.cluster.app.tick-period=100ms"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectError(logDir.resolve(name + ".log").toFile());
    pb.environment().put("PYROS_CLUSTER_PORT", Integer.toString(port));
    pb.environment().put("PYROS_CLUSTER_HOST", "127.0.0.1");
    pb.environment().put("PYROS_CLUSTER_SEEDS", "127.0.0.1:" + seedPort);
    pb.environment().remove("PYROS_ROLES");
    return new MemberProcess(name, pb.start(), port);
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The address other members print, e.g. in simulated data: {@code pyros@127.0.0.1:port}. */
  /** The member's cluster port. */
  public int port() {
    return port;
  }

  public String hostPort() {
    return "pyros@127.0.0.1:" + port;
  }

  String name() {
    return name;
  }

  private void readStdout() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  /** Index of the next line, to wait for lines after this point. */
  int mark() {
    synchronized (lines) {
      return lines.size();
    }
  }

  /** Waits for a line at index {@code from} or later matching {@code match}; returns its index. */
  int awaitIndex(int from, Predicate<String> match, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    synchronized (lines) {
      int i = from;
      while (true) {
        for (; i < lines.size(); i++) {
          if (match.test(lines.get(i))) {
            return i;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(name + ": no line " + what + " within " + within.toMillis() + " ms; last lines: "
              + lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        }
        try {
          lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted");
        }
      }
    }
  }

  String line(int index) {
    synchronized (lines) {
      return lines.get(index);
    }
  }

  public String await(int from, Predicate<String> match, Duration within, String what) {
    return line(awaitIndex(from, match, within, what));
  }

  /** Waits until the member printed UP. */
  public void awaitUp(Duration within) {
    await(0, l -> l.startsWith("UP "), within, "UP");
  }

  /** Sends a request and returns its answer without the id, e.g. {@code OK TOPICS /a,/b}. */
  String request(String command, Duration within) {
    String id = Integer.toString(ids.incrementAndGet());
    int from = mark();
    send(id + " " + command);
    return await(from, l -> l.startsWith(id + " "), within, "answering " + command).substring(id.length() + 1);
  }

  void send(String line) {
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new AssertionError(name + " does not take input: " + e.getMessage(), e);
    }
  }

  /** kill -9. */
  void kill() {
    process.destroyForcibly();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends a POSIX signal, e.g. {@code STOP} (the JVM freezes: cut off, not dead) or {@code CONT}. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** Waits for the process to end by itself, and for every line it printed to be read. */
  boolean awaitExit(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      return false;
    }
    reader.join(within.toMillis());
    return true;
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
