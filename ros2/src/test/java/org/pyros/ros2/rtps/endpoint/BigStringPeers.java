package org.pyros.ros2.rtps.endpoint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.rtps.transport.PortMapping;

/**
 * Cyclone DDS and Fast DDS peers that publish and take large std_msgs/String samples (sources in
 * {@code src/test/peers/big-string}), built once per run into {@code target/big-string-peers} the
 * way the shared install script builds the sample peers, and started pinned to loopback
 * ({@code env.sh}) in the test's domain.
 */
final class BigStringPeers {
  private static Path built;

  private BigStringPeers() {}

  static synchronized Path build() {
    if (built != null) {
      return built;
    }
    DdsPeers.build(); // installs the DDS packages when missing
    Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path src = module.resolve("src/test/peers/big-string");
    Path target = module.resolve("target/big-string-peers");
    String script = "set -e; rm -rf \"$2\"; mkdir -p \"$2\"; cp -r \"$1\"/cyclone \"$1\"/fastdds \"$2\"/;"
        + " cd \"$2\"/cyclone && idlc -l c String.idl 2>/dev/null && gcc -O2 -o ../cyclone-peer peer.c String.c -lddsc;"
        + " cd \"$2\"/fastdds && fastddsgen -replace String.idl >/dev/null"
        + " && g++ -O2 -std=c++14 -o ../fastdds-peer peer.cpp String.cxx StringPubSubTypes.cxx -lfastrtps -lfastcdr";
    try {
      Process p = new ProcessBuilder("bash", "-c", script, "build", src.toString(), target.toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("building the big-string peers failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    built = target;
    return target;
  }

  /** Starts {@code peer ARGS} of that kind in {@code domain}. */
  static Peer start(Kind kind, int domain, String... args) {
    return startIn(List.of(), kind, domain, args);
  }

  /** Starts it with {@code prefix} before the command (such as {@code ip netns exec NS}). */
  static Peer startIn(List<String> prefix, Kind kind, int domain, String... args) {
    Path program = build().resolve(kind == Kind.CYCLONE ? "cyclone-peer" : "fastdds-peer");
    Path shared = DdsPeers.peerDir();
    try {
      Path config = Files.createTempFile("big-string-peer-", ".xml");
      config.toFile().deleteOnExit();
      String override;
      if (kind == Kind.CYCLONE) {
        String xml = Files.readString(shared.resolve("cyclonedds-loopback.xml"));
        Files.writeString(config, replaceOnce(xml, "<Domain id=\"any\">", "<Domain id=\"" + domain + "\">"));
        override = "export CYCLONEDDS_URI=\"file://$1\"";
      } else {
        // The peer creates its participant in domain 0: the port base puts domain 0 on the test domain's ports.
        String xml = Files.readString(shared.resolve("fastdds-loopback.xml"));
        Files.writeString(config, replaceOnce(xml, "<builtin>",
            "<port><portBase>" + PortMapping.DEFAULT.spdpMulticast(domain) + "</portBase></port>\n      <builtin>"));
        override = "export FASTRTPS_DEFAULT_PROFILES_FILE=\"$1\"";
      }
      List<String> command = new ArrayList<>(prefix);
      command.addAll(List.of("bash", "-c", ". \"$0\" && " + override + " && shift && exec \"$@\"",
          shared.resolve("env.sh").toString(), config.toString(), program.toString()));
      command.addAll(List.of(args));
      return new Peer(kind + " " + String.join(" ", args), new ProcessBuilder(command).start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + program, e);
    }
  }

  /** Starts {@code command} (a JVM of ours, say) and keeps its output as a peer's. */
  static Peer process(String description, List<String> command) {
    try {
      return new Peer(description, new ProcessBuilder(command).start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + description, e);
    }
  }

  private static String replaceOnce(String text, String what, String with) {
    int at = text.indexOf(what);
    if (at < 0) {
      throw new IllegalStateException("the shared peer configuration changed: no " + what);
    }
    return text.substring(0, at) + with + text.substring(at + what.length());
  }

  /** A running peer: the lines it printed, its exit; closing kills it if it still runs. */
  static final class Peer implements AutoCloseable {
    private final String description;
    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();

    Peer(String description, Process process) {
      this.description = description;
      this.process = process;
      pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), out);
      pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), err);
    }

    private void pump(BufferedReader in, List<String> into) {
      Thread t = new Thread(() -> {
        try (in) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            synchronized (into) {
              if (into.size() < 10_000) {
                into.add(line);
              }
            }
          }
        } catch (IOException ignored) {
          // the process ended
        }
      }, "big-string-peer-" + process.pid());
      t.setDaemon(true);
      t.start();
    }

    List<String> lines() {
      synchronized (out) {
        return List.copyOf(out);
      }
    }

    int awaitExit(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(this + " still runs after " + timeout);
      }
      return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
      synchronized (err) {
        return description + " (pid " + process.pid() + ", out " + lines() + ", err " + err + ")";
      }
    }
  }
}
