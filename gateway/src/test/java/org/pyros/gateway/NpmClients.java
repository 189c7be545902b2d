package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** The npm clients of the interop tests, in src/test/js, installed from its package-lock.json on first use. */
final class NpmClients {
  static final Path DIR = Path.of("src/test/js").toAbsolutePath();

  private NpmClients() {}

  /** Installs the locked packages unless they are there already. */
  static synchronized void install() throws InterruptedException {
    if (Files.isDirectory(DIR.resolve("node_modules/roslib")) && Files.isDirectory(DIR.resolve("node_modules/@foxglove/ws-protocol"))
        && Files.isDirectory(DIR.resolve("node_modules/playwright-core"))
        && Files.isDirectory(DIR.resolve("node_modules/@foxglove/rosmsg2-serialization"))) {
      return;
    }
    try (ExternalProgram npm = ExternalProgram.start("npm ci", DIR, Map.of(), "npm", "ci", "--no-audit", "--no-fund")) {
      int code = npm.awaitExit(Duration.ofMinutes(5));
      if (code != 0) {
        throw new AssertionError("npm ci failed (" + code + "):\n" + npm.output());
      }
    }
  }

  /**
   * Runs a client script of {@link #DIR} in Node.js to its end and checks that it passed (exit 0,
   * "all passed"); {@code peers} describes the other side for the failure message.
   */
  static void run(String what, String script, Supplier<String> peers, String... args) throws Exception {
    String[] command = new String[args.length + 2];
    command[0] = "node";
    command[1] = script;
    System.arraycopy(args, 0, command, 2, args.length);
    try (ExternalProgram client = ExternalProgram.start(what, DIR, Map.of(), command)) {
      int code = client.awaitExit(Duration.ofSeconds(150));
      System.out.println(what + ":\n" + client.output());
      assertEquals(0, code, what + " failed; its output:\n" + client.output() + "\npeers:\n" + peers.get());
      assertTrue(client.output().contains("all passed"), client.output());
    }
  }
}
