package org.pyros.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs the {@code pyros} command line in this JVM and captures its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {
  static final Duration LIMIT = Duration.ofSeconds(40);

  /** Runs to the end (failing the test after {@link #LIMIT}). */
  static CliRun run(String... args) {
    return await(start(args), LIMIT);
  }

  /** Starts a run on its own thread, for commands that wait (echo) while the test acts. */
  static Future<CliRun> start(String... args) {
    return CompletableFuture.supplyAsync(() -> {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = PyrosCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
      return new CliRun(code, out.toString(), err.toString());
    }, runnable -> {
      Thread t = new Thread(runnable, "pyros-cli " + String.join(" ", args));
      t.setDaemon(true);
      t.start();
    });
  }

  static CliRun await(Future<CliRun> run, Duration within) {
    try {
      return run.get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      throw new AssertionError("the command did not end within " + within.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw new AssertionError("the command threw", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  List<String> lines() {
    return out.lines().toList();
  }

  /** stderr is exactly one line. */
  boolean oneErrorLine() {
    return err.lines().count() == 1;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
