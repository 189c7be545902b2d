package org.pyros.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the benchmark: its stdout lines are queued (with the time each was read)
 * and copied to a log file; stderr goes to the same log. {@link #stop} asks it to end with
 * SIGINT (roscpp stays registered with the master after SIGTERM), then forces it.
 */
final class Proc implements AutoCloseable {
  /** A stdout line and when it was read (System.nanoTime). */
  record Line(String text, long nanos) {}

  private static final Line EOF = new Line("", 0);

  final String name;
  final long startNanos;
  private final Process process;
  private final LinkedBlockingQueue<Line> lines = new LinkedBlockingQueue<>(10_000);

  private Proc(String name, Process process, long startNanos, Path log) throws IOException {
    this.name = name;
    this.process = process;
    this.startNanos = startNanos;
    PrintWriter out = new PrintWriter(Files.newBufferedWriter(log.resolveSibling(log.getFileName() + ".out")), true);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          long now = System.nanoTime();
          out.println(l);
          lines.offer(new Line(l, now)); // a chatty peer loses lines beyond the bound, never blocks
        }
      } catch (IOException e) {
        // process gone
      } finally {
        out.close();
        lines.offer(EOF);
      }
    }, "out-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  static Proc start(String name, List<String> command, Map<String, String> env, Path logDir) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    Path log = logDir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
    pb.redirectError(log.toFile());
    long t = System.nanoTime();
    Process p = pb.start();
    return new Proc(name, p, t, log);
  }

  /**
   * The next line starting with {@code prefix} (skipping others), or an {@code ERROR ...} line,
   * or null when the process ends or the time is up.
   */
  Line await(String prefix, double seconds) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    while (true) {
      long left = deadline - System.nanoTime();
      Line l = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
      if (l == null || l == EOF) {
        if (l == EOF) {
          lines.offer(EOF); // later awaits see the end too
        }
        return null;
      }
      if (l.text().startsWith(prefix) || l.text().startsWith("ERROR")) {
        return l;
      }
    }
  }

  /** Writes a line to the process's stdin (for peers that wait for a go-ahead). */
  void tell(String line) throws IOException {
    var in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGINT, then SIGTERM, then SIGKILL; waits for the process to be gone. */
  void stop() {
    if (!process.isAlive()) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(2, TimeUnit.SECONDS);
      if (!process.waitFor(4, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
