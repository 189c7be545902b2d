package org.pyros.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The npm clients of the interop tests, in src/test/js, installed from its package-lock.json on first use. */
final class NpmClients {
  static final Path DIR = Path.of("src/test/js").toAbsolutePath();

  private NpmClients() {}

  /** Installs the locked packages unless they are there already. */
  static synchronized void install() throws InterruptedException {
    if (Files.isDirectory(DIR.resolve("node_modules/roslib")) && Files.isDirectory(DIR.resolve("node_modules/@foxglove/ws-protocol"))
        && Files.isDirectory(DIR.resolve("node_modules/playwright-core"))) {
      return;
    }
    try (ExternalProgram npm = ExternalProgram.start("npm ci", DIR, Map.of(), "npm", "ci", "--no-audit", "--no-fund")) {
      int code = npm.awaitExit(Duration.ofMinutes(5));
      if (code != 0) {
        throw new AssertionError("npm ci failed (" + code + "):\n" + npm.output());
      }
    }
  }
}
