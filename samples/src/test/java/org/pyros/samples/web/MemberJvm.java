package org.pyros.samples.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A cluster member in its own JVM (this JVM's class path); its stdout lines are kept to wait on. */
final class MemberJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  final int clusterPort;

  private MemberJvm(String name, Process process, int clusterPort) {
    this.name = name;
    this.process = process;
    this.clusterPort = clusterPort;
    Thread reader = new Thread(this::readStdout, "stdout-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  static MemberJvm start(String name, Class<?> main, int seedPort, Path logDir, Map<String, String> env, List<String> jvmOptions,
      String... args) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dpyros.ask-timeout=5s"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(logDir.resolve(name + ".log").toFile());
    pb.environment().put("PYROS_CLUSTER_PORT", Integer.toString(port));
    pb.environment().put("PYROS_CLUSTER_HOST", "127.0.0.1");
    pb.environment().put("PYROS_CLUSTER_SEEDS", "127.0.0.1:" + (seedPort == 0 ? port : seedPort));
    pb.environment().remove("PYROS_ROLES");
    pb.environment().putAll(env);
    return new MemberJvm(name, pb.start(), port);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
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

  /** Waits for a stdout line matching {@code match}. */
  String await(Predicate<String> match, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    synchronized (lines) {
      while (true) {
        for (String l : lines) {
          if (match.test(l)) {
            return l;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive() && lines.stream().noneMatch(match)) {
          throw new AssertionError(name + ": no line " + what + " within " + within.toMillis() + " ms (alive: "
              + process.isAlive() + "); lines: " + lines);
        }
        try {
          lines.wait(Math.max(1, Math.min(500, TimeUnit.NANOSECONDS.toMillis(left))));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted");
        }
      }
    }
  }

  String hostPort() {
    return "pyros@127.0.0.1:" + clusterPort;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
