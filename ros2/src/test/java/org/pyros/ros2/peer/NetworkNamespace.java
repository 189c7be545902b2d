package org.pyros.ros2.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Linux network namespace of the test's own ({@code ip netns add pyros-PURPOSE-PID-N}) with
 * only its loopback up: whatever runs in it ({@link #launcher()}) talks to its own 127.0.0.1 and
 * to nothing else, and nftables rules there ({@link #nft}) touch nobody else's traffic. Needs root
 * and the {@code ip} (iproute2) and {@code nft} (nftables) programs. Closing it stops what still
 * runs inside and deletes it.
 */
public final class NetworkNamespace implements AutoCloseable {
  private static final AtomicInteger created = new AtomicInteger();
  private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+) bytes (\\d+)");

  private final String name;

  private NetworkNamespace(String name) {
    this.name = name;
  }

  /** Why namespaces cannot be had here (not root, a program missing), or empty when they can. */
  public static Optional<String> unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("network namespaces and nftables need root; running as " + System.getProperty("user.name"));
    }
    for (String program : List.of("ip", "nft")) {
      if (program(program).isEmpty()) {
        return Optional.of("'" + program + "' is missing (Debian packages iproute2 and nftables; the test command "
            + "installs them with scripts/install-dds-peer.sh)");
      }
    }
    return Optional.empty();
  }

  /**
   * Creates {@code pyros-PURPOSE-PID-N} with loopback up, first deleting namespaces of this
   * purpose left by test JVMs that no longer run (and stopping what still runs in them).
   */
  public static NetworkNamespace create(String purpose) {
    removeStale(purpose);
    String name = "pyros-" + purpose + "-" + ProcessHandle.current().pid() + "-" + created.incrementAndGet();
    run("ip", "netns", "add", name);
    NetworkNamespace ns = new NetworkNamespace(name);
    try {
      run("ip", "-n", name, "link", "set", "lo", "up");
    } catch (RuntimeException e) {
      ns.close();
      throw e;
    }
    return ns;
  }

  public String name() {
    return name;
  }

  /** The command that starts a program inside: {@code ip netns exec NAME} (it execs the program). */
  public List<String> launcher() {
    return List.of(program("ip").orElseThrow(), "netns", "exec", name);
  }

  /** Lets multicast run over its loopback: multicast on for {@code lo}, 239.0.0.0/8 routed to it. */
  public void loopbackMulticast() {
    run("ip", "-n", name, "link", "set", "lo", "multicast", "on");
    run("ip", "-n", name, "route", "add", "239.0.0.0/8", "dev", "lo");
  }

  /** Loads an nftables script ({@code nft -f -}) inside. */
  public void nft(String script) {
    List<String> command = new ArrayList<>(launcher());
    command.addAll(List.of(program("nft").orElseThrow(), "-f", "-"));
    exec(command, script);
  }

  /** {@code nft list ruleset} inside. */
  public String ruleset() {
    List<String> command = new ArrayList<>(launcher());
    command.addAll(List.of(program("nft").orElseThrow(), "list", "ruleset"));
    return exec(command, null);
  }

  /** The packets counted by the {@code counter} of the first rule that has one and mentions {@code text}. */
  public long counterPackets(String text) {
    for (String line : ruleset().split("\n")) {
      Matcher m = COUNTER.matcher(line);
      if (line.contains(text) && m.find()) {
        return Long.parseLong(m.group(1));
      }
    }
    throw new IllegalStateException("no rule with a counter and '" + text + "' in " + name + ":\n" + ruleset());
  }

  /** Stops whatever still runs inside and deletes the namespace. */
  @Override
  public void close() {
    remove(name);
  }

  private static void removeStale(String purpose) {
    Pattern ours = Pattern.compile("pyros-" + Pattern.quote(purpose) + "-(\\d+)-\\d+");
    for (String line : run("ip", "netns", "list").split("\n")) {
      Matcher m = ours.matcher(line.trim().split("\\s+")[0]);
      if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false) == false) {
        remove(m.group());
      }
    }
  }

  private static void remove(String name) {
    // Processes keep a namespace's loopback alive after "ip netns del": stop them first.
    for (String pid : run("ip", "netns", "pids", name).split("\\s+")) {
      if (!pid.isEmpty()) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
          p.destroyForcibly();
          p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        });
      }
    }
    run("ip", "netns", "del", name);
  }

  private static Optional<String> program(String name) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String dir : dirs) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p.toString());
      }
    }
    return Optional.empty();
  }

  private static String run(String program, String... args) {
    List<String> command = new ArrayList<>();
    command.add(program(program).orElseThrow(() -> new IllegalStateException("'" + program + "' is missing")));
    command.addAll(List.of(args));
    return exec(command, null);
  }

  /** Runs a command to its end (within 30 s), with {@code input} on its stdin; its output, or an exception saying why it failed. */
  private static String exec(List<String> command, String input) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (input != null) {
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not end within 30 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out.strip());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
