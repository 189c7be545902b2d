package org.pyros.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.pyros.ros.peer.RosPeer;

/**
 * A {@code pyros} command that serves until interrupted ({@code gateway}), run on a thread of
 * this JVM: its output read while it runs, its exit code once {@link #interrupt} ended it.
 */
final class ServingCli implements AutoCloseable {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicInteger exit = new AtomicInteger(-1);
  private final Thread thread;

  private ServingCli(String... args) {
    thread = new Thread(() -> exit.set(PyrosCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true))),
        "pyros " + String.join(" ", args));
    thread.start();
  }

  static ServingCli start(String... args) {
    return new ServingCli(args);
  }

  /** The rest of the first stdout line starting with {@code prefix}, once printed. */
  String awaitLine(String prefix, Duration timeout) {
    RosPeer.await("'" + prefix + "' on stdout", timeout,
        () -> out.toString().lines().anyMatch(l -> l.startsWith(prefix)) || !thread.isAlive());
    return out.toString().lines().filter(l -> l.startsWith(prefix)).findFirst()
        .map(l -> l.substring(prefix.length()))
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' line; " + this));
  }

  /** The gateway's HTTP base URI, from its {@code HTTP: } line. */
  URI awaitGatewayHttp(Duration timeout) {
    String line = awaitLine("HTTP: ", timeout);
    return URI.create(line.substring(0, line.indexOf("/api")));
  }

  String out() {
    return out.toString();
  }

  /** Interrupts the command (as Ctrl-C) and waits for its exit code. */
  int interrupt(Duration timeout) throws InterruptedException {
    thread.interrupt();
    thread.join(timeout.toMillis());
    return exit.get();
  }

  @Override
  public void close() throws InterruptedException {
    interrupt(Duration.ofSeconds(30));
  }

  @Override
  public String toString() {
    return "stdout:\n" + out + "\nstderr:\n" + err;
  }
}
