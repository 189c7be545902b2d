package org.pyros.core.system;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link GraphSystem#watchParam}: reads the parameter every {@link #INTERVAL} and
 * reports the values that differ from the last reported one. One read at a time: the next is
 * scheduled when the previous answered, so a slow system is never asked twice at once.
 */
final class ParamPolling {
  /** Time between two reads of a polled parameter. */
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(ParamPolling.class);

  private final GraphSystem system;
  private final String name;
  private final Consumer<Optional<Object>> onChange;
  private final Executor later = CompletableFuture.delayedExecutor(INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  private volatile boolean cancelled;
  private Optional<Object> last;

  private ParamPolling(GraphSystem system, String name, Consumer<Optional<Object>> onChange) {
    this.system = system;
    this.name = name;
    this.onChange = onChange;
  }

  static CompletionStage<Registration> start(GraphSystem system, String name, Consumer<Optional<Object>> onChange) {
    ParamPolling polling = new ParamPolling(system, name, onChange);
    return system.getParam(name).thenApply(first -> {
      polling.report(first);
      polling.schedule();
      return Registration.once(() -> polling.cancelled = true);
    });
  }

  private void schedule() {
    if (!cancelled) {
      later.execute(this::read);
    }
  }

  private void read() {
    if (cancelled) {
      return;
    }
    system.getParam(name).whenComplete((value, failure) -> {
      if (failure != null) {
        log.debug("Reading watched param {} failed: {}", name, failure.getMessage());
      } else {
        report(value);
      }
      schedule();
    });
  }

  private void report(Optional<Object> value) {
    // Reads never overlap, so last is only touched by one thread at a time.
    if (cancelled || (last != null && Objects.deepEquals(last.orElse(null), value.orElse(null)))) {
      return;
    }
    last = value;
    onChange.accept(value);
  }
}
