package org.pyros.ros2.cdr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The reference CDR bytes of real peers, from programs in the test resources ({@code peer/})
 * built into {@code target/cdr-peer} on first use from IDL as rosidl writes it: Fast CDR (what
 * rmw_fastrtps_cpp serializes with; types from fastddsgen) and Cyclone DDS's CDR stream (types
 * from {@code idlc -l c}). Each prints its cases as "name hex" lines.
 */
enum CdrPeer {
  FAST_CDR(List.of("fastddsgen", "g++"), List.of("PyrosCdr.idl", "cdr_peer.cpp"), "cdr_peer_fastcdr",
      List.of(List.of("fastddsgen", "-replace", "PyrosCdr.idl"),
          List.of("g++", "-std=c++14", "-O1", "-o", "cdr_peer_fastcdr", "cdr_peer.cpp", "PyrosCdr.cxx", "-lfastcdr"))),
  CYCLONE(List.of("idlc", "gcc"), List.of("PyrosCdrC.idl", "cdr_peer.c"), "cdr_peer_cyclone",
      List.of(List.of("idlc", "-l", "c", "PyrosCdrC.idl"),
          List.of("gcc", "-O1", "-o", "cdr_peer_cyclone", "cdr_peer.c", "PyrosCdrC.c", "-lddsc")));

  private static final Path DIR = Path.of("target", "cdr-peer");

  private final List<String> tools;
  private final List<String> sources;
  private final String program;
  private final List<List<String>> build;

  CdrPeer(List<String> tools, List<String> sources, String program, List<List<String>> build) {
    this.tools = tools;
    this.sources = sources;
    this.program = program;
    this.build = build;
  }

  /** Each case the peer prints, by name: the payload bytes (encapsulation header included). */
  Map<String, byte[]> cases() throws IOException, InterruptedException {
    build();
    String out = run(List.of(DIR.resolve(program).toAbsolutePath().toString()));
    Map<String, byte[]> cases = new HashMap<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        String[] parts = line.strip().split(" ");
        cases.put(parts[0], HexFormat.of().parseHex(parts[1]));
      }
    }
    return cases;
  }

  private void build() throws IOException, InterruptedException {
    Files.createDirectories(DIR);
    for (String tool : tools) {
      if (run(List.of("sh", "-c", "command -v " + tool + " || true")).isBlank()) {
        throw new IllegalStateException(tool + " is not installed: the CDR peer test builds its " + name()
            + " peer with " + tools + " (install them with: sh ../shared/dds-peer/install.sh)");
      }
    }
    boolean changed = !Files.isExecutable(DIR.resolve(program));
    for (String name : sources) {
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
      for (List<String> step : build) {
        run(step);
      }
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
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
