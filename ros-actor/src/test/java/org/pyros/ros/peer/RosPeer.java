package org.pyros.ros.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Real ROS1 programs (Debian's ros_comm) for interop tests: a {@code rosmaster} on a free port
 * in a private temp dir, and any ROS tool or rospy script run against it with the right
 * environment. Closing stops everything it started and deletes the temp dir.
 *
 * <pre>{@code
 * try (RosPeer ros = RosPeer.startMaster()) {
 *   RosPeer.Result r = ros.run("rosparam", "get", "/x");
 *   RosPeer.Program pub = ros.start("rostopic", "pub", "-r", "10", "/chatter", "std_msgs/String", "data: hi");
 *   RosPeer.Program node = ros.startPython("import rospy\n...");
 *   node.awaitOutput("ready", Duration.ofSeconds(20));
 * }
 * }</pre>
 */
public final class RosPeer implements AutoCloseable {
  /** The Debian python that can import rospy (a pyenv python3 may come first on PATH). */
  public static final String PYTHON = "/usr/bin/python3";

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MASTER_START_TIMEOUT = Duration.ofSeconds(20);

  private final Path dir;
  private final URI masterUri;
  private final Map<String, String> env;
  private final List<Program> programs = new ArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();
  private Program master;

  private RosPeer(Path dir, URI masterUri) {
    this.dir = dir;
    this.masterUri = masterUri;
    Map<String, String> e = new HashMap<>(System.getenv());
    e.put("PATH", "/usr/bin:/bin:" + e.getOrDefault("PATH", ""));
    e.put("ROS_MASTER_URI", masterUri.toString());
    e.put("ROS_HOSTNAME", "127.0.0.1");
    e.put("ROS_IP", "127.0.0.1");
    e.put("ROS_LOG_DIR", dir.resolve("log").toString());
    e.put("ROS_HOME", dir.resolve("home").toString());
    e.put("PYTHONUNBUFFERED", "1");
    e.remove("PYTHONPATH");
    this.env = Map.copyOf(e);
  }

  /** Starts {@code rosmaster --core} on a free port and waits until it answers. */
  public static RosPeer startMaster() throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) { // a free port may be taken before we bind it
      int port = freePort();
      RosPeer peer = new RosPeer(Files.createTempDirectory("rospeer-"), URI.create("http://127.0.0.1:" + port + "/"));
      try {
        peer.master = peer.start("rosmaster", "--core", "-p", Integer.toString(port));
        peer.awaitMaster();
        return peer;
      } catch (RuntimeException | AssertionError e) {
        last = new IOException("rosmaster did not start: " + e.getMessage(), e);
        peer.close();
      }
    }
    throw last;
  }

  /** No master of its own: runs ROS programs against {@code masterUri} (e.g. a master of ours). */
  public static RosPeer forMaster(URI masterUri) throws IOException {
    return new RosPeer(Files.createTempDirectory("rospeer-"), masterUri);
  }

  /** A port that was free a moment ago on 127.0.0.1. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Polls {@code condition} every 50 ms until true; fails with {@code what} after {@code timeout}. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  public URI masterUri() {
    return masterUri;
  }

  /** The private temp dir (ROS_HOME, ROS_LOG_DIR and captured output live below it). */
  public Path dir() {
    return dir;
  }

  /** The environment every program gets. */
  public Map<String, String> env() {
    return env;
  }

  /** Runs a program to its end (default 30 s timeout). */
  public Result run(String... command) {
    return run(DEFAULT_TIMEOUT, command);
  }

  /** Runs a program to its end; on timeout it is killed and the result says {@code timedOut}. */
  public Result run(Duration timeout, String... command) {
    Program p = start(command);
    boolean ended;
    try {
      ended = p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ended = false;
    }
    Result r = p.stop();
    return ended ? r : new Result(r.exitCode(), r.stdout(), r.stderr(), true);
  }

  /** Runs a Python script (text) with {@link #PYTHON} to its end. */
  public Result python(String script, String... args) {
    return run(pythonCommand(script, args));
  }

  /** Starts a program in the background; output goes to files, readable while it runs. */
  public Program start(String... command) {
    if (command.length == 0) {
      throw new IllegalArgumentException("no command");
    }
    List<String> cmd = new ArrayList<>(Arrays.asList(command));
    cmd.set(0, resolve(cmd.get(0)));
    String name = counter.incrementAndGet() + "-" + Path.of(cmd.get(0)).getFileName();
    Path out = dir.resolve("out");
    try {
      Files.createDirectories(out);
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
      pb.environment().clear();
      pb.environment().putAll(env);
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Path stdout = out.resolve(name + ".stdout");
      Path stderr = out.resolve(name + ".stderr");
      pb.redirectOutput(stdout.toFile());
      pb.redirectError(stderr.toFile());
      Program p = new Program(String.join(" ", cmd), pb.start(), stdout, stderr);
      synchronized (programs) {
        programs.add(p);
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cmd, e);
    }
  }

  /** Starts a Python script (text) with {@link #PYTHON} in the background. */
  public Program startPython(String script, String... args) {
    return start(pythonCommand(script, args));
  }

  /** Writes a file into the temp dir and returns its path. */
  public Path writeFile(String name, String content) {
    try {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      return Files.writeString(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops every program (the master last) and deletes the temp dir. */
  @Override
  public void close() {
    List<Program> all;
    synchronized (programs) {
      all = new ArrayList<>(programs);
    }
    for (Program p : all) {
      if (p != master) {
        p.stop();
      }
    }
    if (master != null) {
      master.stop();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a leftover temp dir is harmless
    }
  }

  private String[] pythonCommand(String script, String... args) {
    Path file = writeFile("scripts/script-" + counter.incrementAndGet() + ".py", script);
    String[] cmd = new String[args.length + 2];
    cmd[0] = PYTHON;
    cmd[1] = file.toString();
    System.arraycopy(args, 0, cmd, 2, args.length);
    return cmd;
  }

  /** ROS tools and python3 come from /usr/bin, never from a pyenv earlier on PATH. */
  private static String resolve(String program) {
    if (program.equals("python3") || program.equals("python")) {
      return PYTHON;
    }
    if (!program.contains("/") && Files.isExecutable(Path.of("/usr/bin", program))) {
      return "/usr/bin/" + program;
    }
    return program;
  }

  private void awaitMaster() {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1)).build();
    // Hand-written so that readiness does not depend on the XML-RPC code under test.
    String body = "<?xml version=\"1.0\"?><methodCall><methodName>getPid</methodName><params>"
        + "<param><value><string>/rospeer</string></value></param></params></methodCall>";
    await("rosmaster on " + masterUri, MASTER_START_TIMEOUT, () -> {
      if (!master.isAlive()) {
        throw new IllegalStateException("rosmaster exited: " + master.stderr());
      }
      try {
        HttpResponse<String> r = http.send(
            HttpRequest.newBuilder(masterUri).timeout(Duration.ofSeconds(2))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && r.body().contains("<methodResponse");
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  /** What a finished program did. */
  public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
    public boolean ok() {
      return exitCode == 0 && !timedOut;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + (timedOut ? " (timed out)" : "") + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  /** A started program. */
  public static final class Program implements AutoCloseable {
    private final String command;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    Program(String command, Process process, Path stdout, Path stderr) {
      this.command = command;
      this.process = process;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    public long pid() {
      return process.pid();
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** Everything written to stdout so far. */
    public String stdout() {
      return read(stdout);
    }

    public String stderr() {
      return read(stderr);
    }

    /** Waits until stdout or stderr contains {@code text}; fails early if the program exits. */
    public void awaitOutput(String text, Duration timeout) {
      await("'" + text + "' from " + command, timeout, () -> {
        if (stdout().contains(text) || stderr().contains(text)) {
          return true;
        }
        if (!process.isAlive() && !(stdout().contains(text) || stderr().contains(text))) {
          throw new AssertionError(command + " exited (" + process.exitValue() + ") before printing '"
              + text + "'\n--- stdout\n" + stdout() + "--- stderr\n" + stderr());
        }
        return false;
      });
    }

    /** Sends a signal by name (e.g. "INT": rospy and roscpp shut down cleanly on it). */
    public void signal(String name) {
      try {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Waits for a natural end up to {@code timeout}; true if it ended. */
    public boolean waitFor(Duration timeout) {
      try {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /** SIGTERM (and to its children), then SIGKILL after 5 s; returns what it did. */
    public Result stop() {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!waitFor(Duration.ofSeconds(5))) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(5));
      }
      int code = process.isAlive() ? -1 : process.exitValue();
      return new Result(code, stdout(), stderr(), false);
    }

    @Override
    public void close() {
      stop();
    }

    @Override
    public String toString() {
      return command;
    }

    private static String read(Path p) {
      try {
        return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
      } catch (IOException e) {
        return "<unreadable: " + e + ">";
      }
    }
  }
}
