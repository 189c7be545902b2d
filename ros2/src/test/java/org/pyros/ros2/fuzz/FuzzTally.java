package org.pyros.ros2.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what a fuzz target saw (inputs tried, inputs refused with the expected error) and writes
 * the figures to {@code target/fuzz-stats/<target>.txt} for docs/RELIABILITY.md.
 */
public final class FuzzTally {
  private final String target;
  private final AtomicLong inputs = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final long startNanos = System.nanoTime();

  public FuzzTally(String target) {
    this.target = target;
  }

  public void input() {
    inputs.incrementAndGet();
  }

  public void refused() {
    refused.incrementAndGet();
  }

  /** Writes the figures; call from {@code @AfterAll}. */
  public void write() {
    long seconds = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000_000L);
    String mode = "1".equals(System.getenv("JAZZER_FUZZ")) ? "fuzzing" : "regression";
    String line = String.format("%s mode=%s inputs=%d refused=%d accepted=%d seconds=%d%n",
        target, mode, inputs.get(), refused.get(), inputs.get() - refused.get(), seconds);
    try {
      Path dir = Path.of("target", "fuzz-stats");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(target + ".txt"), line, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.print(line);
  }
}
