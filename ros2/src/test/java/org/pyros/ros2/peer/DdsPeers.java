package org.pyros.ros2.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.pyros.ros2.rtps.transport.PortMapping;

/**
 * The real DDS peers of the tests: the sample Cyclone DDS and Fast DDS programs of
 * {@code <repo>/../shared/dds-peer} (String only, built into {@code target/dds-peers}) and the
 * ROS 2-shaped peer programs of {@code ros2/src/test/peers} (String, JointState, PoseArray,
 * Image; QoS options; content checks; built into {@code target/ros2-peers}), each built once per
 * test run and started the same way: pinned to loopback ({@code env.sh}) in the test's own
 * domain. Close every peer (try with resources or {@code @AfterEach}): closing kills it if it
 * still runs.
 */
public final class DdsPeers {
  /** Which implementation a peer runs. */
  public enum Kind {
    CYCLONE("cyclone-peer", "cyclone-ros2peer"),
    FASTDDS("fastdds-peer", "fastdds-ros2peer");

    final String program;
    final String ros2Program;

    Kind(String program, String ros2Program) {
      this.program = program;
      this.ros2Program = ros2Program;
    }
  }

  private static Path built;
  private static Path builtRos2;
  private static Path builtGraph;

  private DdsPeers() {}

  /** The repository: tests run in their module's folder, the repository is the nearest folder up with a .git. */
  private static Path repository() {
    Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (repo.getParent() != null && !Files.exists(repo.resolve(".git"))) {
      repo = repo.getParent();
    }
    return repo;
  }

  /** {@code <repo>/../shared/dds-peer}; fails clearly when it is not there. */
  public static Path peerDir() {
    Path dir = repository().resolveSibling("shared").resolve("dds-peer");
    if (!Files.isRegularFile(dir.resolve("install.sh")) || !Files.isRegularFile(dir.resolve("env.sh"))) {
      throw new IllegalStateException("the DDS peers are missing: expected install.sh and env.sh in " + dir
          + " (<repo>/../shared/dds-peer)");
    }
    return dir;
  }

  /** Builds the sample peers (idempotent; once per JVM) and returns the folder that holds them. */
  public static synchronized Path build() {
    if (built != null) {
      return built;
    }
    Path target = targetDir("dds-peers");
    run("building the DDS peers", "sh", peerDir().resolve("install.sh").toString(), "--build", target.toString());
    for (Kind k : Kind.values()) {
      if (!Files.isExecutable(target.resolve(k.program))) {
        throw new IllegalStateException("no " + k.program + " in " + target + " after install.sh --build");
      }
    }
    built = target;
    return target;
  }

  /**
   * Builds the ROS 2-shaped peers of {@code ros2/src/test/peers} (idempotent; once per JVM; a
   * second run of the script keeps binaries newer than their sources) and returns their folder.
   */
  public static synchronized Path buildRos2Peers() {
    if (builtRos2 != null) {
      return builtRos2;
    }
    // Not build(): it compiles the sample peers every time (seconds these tests do not need);
    // build.sh names install.sh when a DDS tool or library is missing.
    peerDir();
    Path script = repository().resolve("ros2").resolve("src").resolve("test").resolve("peers").resolve("build.sh");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("the ROS 2 test peers are missing: no " + script);
    }
    Path target = targetDir("ros2-peers");
    run("building the ROS 2 test peers", "sh", script.toString(), target.toString());
    for (Kind k : Kind.values()) {
      if (!Files.isExecutable(target.resolve(k.ros2Program))) {
        throw new IllegalStateException("no " + k.ros2Program + " in " + target + " after " + script);
      }
    }
    builtRos2 = target;
    return target;
  }

  private static Path targetDir(String name) {
    Path target = Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve("target").resolve(name);
    try {
      Files.createDirectories(target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  private static void run(String what, String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(what + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * How to start a peer: in which domain, with which participant lease (empty: the
   * implementation's default), and with which command in front of it (such as {@code ip netns
   * exec NS}, to run it in a network namespace; empty for none).
   */
  public record Options(int domainId, Optional<Duration> leaseDuration, List<String> launcher) {
    public Options {
      launcher = List.copyOf(launcher);
    }

    public static Options domain(int domainId) {
      return new Options(domainId, Optional.empty(), List.of());
    }

    public Options withLease(Duration lease) {
      return new Options(domainId, Optional.of(lease), launcher);
    }

    /** The peer started by this command, which must exec it (as {@code ip netns exec NS} does). */
    public Options withLauncher(List<String> command) {
      return new Options(domainId, leaseDuration, command);
    }
  }

  /** {@code peer pub TOPIC N HZ}: publishes "hello 0".."hello N-1" on rt + TOPIC. */
  public static Peer publisher(Kind kind, Options options, String rosTopic, int count, double hz) {
    return start(kind, options, "pub", rosTopic, Integer.toString(count), Double.toString(hz));
  }

  /** {@code peer sub TOPIC N TIMEOUT_S}: prints N messages and exits 0, or exits 1 at the timeout. */
  public static Peer subscriber(Kind kind, Options options, String rosTopic, int count, int timeoutSeconds) {
    return start(kind, options, "sub", rosTopic, Integer.toString(count), Integer.toString(timeoutSeconds));
  }

  /** Starts a sample peer with {@code env.sh} sourced and its configuration moved to the options' domain. */
  public static Peer start(Kind kind, Options options, String... args) {
    return launch(kind, build().resolve(kind.program), options, args);
  }

  /**
   * Starts a ROS 2-shaped peer ({@code ros2peer pub|sub|echo TYPE TOPIC ...}, see
   * {@code ros2/src/test/peers}), as {@link #start} starts the sample peers.
   */
  public static Peer ros2Peer(Kind kind, Options options, String... args) {
    return launch(kind, buildRos2Peers().resolve(kind.ros2Program), options, args);
  }

  /**
   * Starts the Cyclone node-graph peer of {@code ros2/src/test/peers/graph} ({@code form}
   * "humble" or "iron": the GID form it speaks), built on first use.
   */
  public static Peer graphPeer(String form, Options options, String... args) {
    return launch(Kind.CYCLONE, buildGraphPeers().resolve("cyclone-graphpeer-" + form), options, args);
  }

  /** Starts the Cyclone parameter client of {@code ros2/src/test/peers/params}, built on first use. */
  public static Peer paramClient(Options options, String... args) {
    return launch(Kind.CYCLONE, buildTool("params", "param-client").resolve("cyclone-paramclient"), options, args);
  }

  private static synchronized Path buildTool(String folder, String target) {
    peerDir();
    Path script = repository().resolve("ros2/src/test/peers/" + folder + "/build.sh");
    Path out = targetDir(target);
    run("building " + script, "sh", script.toString(), out.toString());
    return out;
  }

  private static synchronized Path buildGraphPeers() {
    if (builtGraph == null) {
      peerDir();
      Path script = repository().resolve("ros2/src/test/peers/graph/build.sh");
      Path target = targetDir("graph-peers");
      run("building the node-graph peers", "sh", script.toString(), target.toString());
      builtGraph = target;
    }
    return builtGraph;
  }

  private static Peer launch(Kind kind, Path program, Options options, String... args) {
    Path peerDir = peerDir();
    try {
      Path config = writeConfig(kind, options, peerDir);
      String override = kind == Kind.CYCLONE
          ? "export CYCLONEDDS_URI=\"file://$1\"" : "export FASTRTPS_DEFAULT_PROFILES_FILE=\"$1\"";
      // env.sh (bash: it finds itself with BASH_SOURCE) pins the peer to loopback; the override only moves it to the test's domain (and lease).
      String script = ". \"$0\" && " + override + " && shift && exec \"$@\"";
      List<String> command = new ArrayList<>(options.launcher());
      command.addAll(List.of("bash", "-c", script, peerDir.resolve("env.sh").toString(), config.toString(),
          program.toString()));
      command.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(command);
      // Programs that take their domain from ROS_DOMAIN_ID: Cyclone's must be in the domain its
      // configuration names (another would run on Cyclone's defaults, off loopback); Fast DDS's in
      // domain 0, whose ports the configuration moved to the test domain's.
      pb.environment().put("ROS_DOMAIN_ID", Integer.toString(kind == Kind.CYCLONE ? options.domainId() : 0));
      Process process = pb.start();
      return new Peer(kind, program.getFileName() + " " + String.join(" ", args), process, config);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + program, e);
    }
  }

  /**
   * Starts another program of the test (a JVM of ours in a network namespace, say) and watches it
   * as a peer: its lines, its exit, killed on close.
   */
  public static Peer process(String description, List<String> command) {
    try {
      return new Peer(null, description, new ProcessBuilder(command).start(), null);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + description, e);
    }
  }

  private static Path writeConfig(Kind kind, Options options, Path peerDir) throws IOException {
    int domain = options.domainId();
    if (kind == Kind.CYCLONE) {
      String xml = Files.readString(peerDir.resolve("cyclonedds-loopback.xml"));
      xml = replaceOnce(xml, "<Domain id=\"any\">", "<Domain id=\"" + domain + "\">");
      if (options.leaseDuration().isPresent()) {
        xml = replaceOnce(xml, "<Discovery>", "<Discovery>\n      <LeaseDuration>"
            + options.leaseDuration().get().toMillis() + "ms</LeaseDuration>");
      }
      return temp(".xml", xml);
    }
    String xml = Files.readString(peerDir.resolve("fastdds-loopback.xml"));
    // The sample Fast DDS peer always creates its participant in domain 0: moving the port base
    // puts domain 0's ports where the test domain's are.
    int base = PortMapping.DEFAULT.spdpMulticast(domain);
    String builtin = "<port><portBase>" + base + "</portBase></port>\n      <builtin>";
    if (options.leaseDuration().isPresent()) {
      Duration lease = options.leaseDuration().get();
      Duration announce = lease.dividedBy(3);
      builtin += "\n        <discovery_config><leaseDuration>" + fastDuration(lease) + "</leaseDuration>"
          + "<leaseAnnouncement>" + fastDuration(announce) + "</leaseAnnouncement></discovery_config>";
    }
    xml = replaceOnce(xml, "<builtin>", builtin);
    return temp(".xml", xml);
  }

  private static String fastDuration(Duration d) {
    return "<sec>" + d.toSeconds() + "</sec><nanosec>" + d.toNanosPart() + "</nanosec>";
  }

  private static String replaceOnce(String text, String what, String with) {
    int at = text.indexOf(what);
    if (at < 0) {
      throw new IllegalStateException("the shared peer configuration changed: no " + what);
    }
    return text.substring(0, at) + with + text.substring(at + what.length());
  }

  private static Path temp(String suffix, String content) throws IOException {
    Path f = Files.createTempFile("dds-peer-", suffix);
    f.toFile().deleteOnExit();
    Files.writeString(f, content);
    return f;
  }

  /** A running peer (or {@linkplain #process another program}): its output lines as they come, its exit. */
  public static final class Peer implements AutoCloseable {
    private final Kind kind;
    private final String description;
    private final Process process;
    private final Path config;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final List<Thread> pumps = new ArrayList<>();

    Peer(Kind kind, String description, Process process, Path config) {
      this.kind = kind;
      this.description = description;
      this.process = process;
      this.config = config;
      pump(process.getInputStream(), out, "out");
      pump(process.getErrorStream(), err, "err");
    }

    private void pump(InputStream in, List<String> into, String name) {
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            synchronized (into) {
              if (into.size() < 100_000) {
                into.add(line);
              }
            }
          }
        } catch (IOException ignored) {
          // the process ended
        }
      }, (kind == null ? "process" : kind.name().toLowerCase(java.util.Locale.ROOT)) + "-peer-" + name + "-"
          + process.pid());
      t.setDaemon(true);
      t.start();
      pumps.add(t);
    }

    /** Which DDS it runs; null for {@linkplain #process another program}. */
    public Kind kind() {
      return kind;
    }

    public long pid() {
      return process.pid();
    }

    /** The lines the peer printed on stdout so far. */
    public List<String> lines() {
      synchronized (out) {
        return List.copyOf(out);
      }
    }

    public List<String> errorLines() {
      synchronized (err) {
        return List.copyOf(err);
      }
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /**
     * Waits for the peer to end and for its last output lines to be read; its exit code. Fails
     * when it runs past the timeout.
     */
    public int awaitExit(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError(this + " still runs after " + timeout);
        }
        for (Thread pump : pumps) {
          pump.join(TimeUnit.SECONDS.toMillis(10)); // its pipe closed with the process: it ends now
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      return process.exitValue();
    }

    /** Sends one line to the peer's standard input (the go of {@code ros2peer pub --wait-stdin}). */
    public void send(String line) {
      try {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
      } catch (IOException e) {
        throw new UncheckedIOException("could not write to " + this, e);
      }
    }

    /** Waits until the peer printed {@code line}. */
    public void awaitLine(String line, Duration timeout) {
      Eventually.await(timeout, this + " printing '" + line + "'", () -> lines().contains(line), this::toString);
    }

    /** The first line starting with {@code prefix}, waiting for it until the deadline or the peer's end. */
    public String awaitLineStarting(String prefix, Duration timeout) {
      Eventually.await(timeout, this + " printing '" + prefix + "...'",
          () -> lines().stream().anyMatch(l -> l.startsWith(prefix)) || !process.isAlive(), this::toString);
      if (!process.isAlive()) {
        awaitExit(Duration.ofSeconds(10)); // its last lines read
      }
      return lines().stream().filter(l -> l.startsWith(prefix)).findFirst()
          .orElseThrow(() -> new AssertionError(this + " ended without printing '" + prefix + "...'"));
    }

    /** Waits until the peer printed at least {@code n} lines. */
    public void awaitLines(int n, Duration timeout) {
      Eventually.await(timeout, this + " printing " + n + " lines", () -> lines().size() >= n, this::toString);
    }

    /** SIGKILL: the peer gets no chance to say goodbye. */
    public void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        kill();
      }
      try {
        if (config != null) {
          Files.deleteIfExists(config);
        }
      } catch (IOException ignored) {
        // a temp file
      }
    }

    @Override
    public String toString() {
      return description + " (pid " + process.pid() + (process.isAlive() ? ", running" : ", exited "
          + process.exitValue()) + "; out " + lines().size() + " lines; err " + errorLines() + ")";
    }
  }
}
