package org.pyros.ros2.cdr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The reference CDR bytes of a real peer: a C++ program (test resources {@code peer/}) whose types
 * fastddsgen generates from IDL as rosidl writes it, serialized with Fast CDR, the library
 * rmw_fastrtps_cpp serializes ROS 2 messages with. Built into {@code target/cdr-peer} on first use.
 */
final class CdrPeer {
  private static final Path DIR = Path.of("target", "cdr-peer");
  private static final List<String> SOURCES = List.of("PyrosCdr.idl", "cdr_peer.cpp");

  private CdrPeer() {}

  /** Each case the peer prints, by name: the payload bytes (encapsulation header included). */
  static Map<String, byte[]> cases() throws IOException, InterruptedException {
    build();
    String out = run(List.of(DIR.resolve("cdr_peer").toAbsolutePath().toString()));
    Map<String, byte[]> cases = new HashMap<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        String[] parts = line.strip().split(" ");
        cases.put(parts[0], java.util.HexFormat.of().parseHex(parts[1]));
      }
    }
    return cases;
  }

  private static void build() throws IOException, InterruptedException {
    for (String tool : List.of("fastddsgen", "g++")) {
      if (run(List.of("sh", "-c", "command -v " + tool + " || true")).isBlank()) {
        throw new IllegalStateException(tool + " is not installed: the CDR peer test needs Fast DDS's fastddsgen,"
            + " Fast CDR and g++ (run: sh ../shared/dds-peer/install.sh)");
      }
    }
    Files.createDirectories(DIR);
    boolean changed = !Files.isExecutable(DIR.resolve("cdr_peer"));
    for (String name : SOURCES) {
      byte[] bytes;
      try (InputStream in = CdrPeer.class.getResourceAsStream("peer/" + name)) {
        bytes = in.readAllBytes();
      }
      Path target = DIR.resolve(name);
      if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), bytes)) {
        Files.write(target, bytes);
        changed = true;
      }
    }
    if (changed) {
      run(List.of("fastddsgen", "-replace", "PyrosCdr.idl"));
      run(List.of("g++", "-std=c++14", "-O1", "-o", "cdr_peer", "cdr_peer.cpp", "PyrosCdr.cxx", "-lfastcdr"));
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(DIR.toFile().exists() ? DIR.toFile() : null)
        .redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException(command + " did not finish");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(command + " failed with " + p.exitValue() + ":\n" + out);
      }
      return out;
    } finally {
      p.destroyForcibly();
    }
  }
}
