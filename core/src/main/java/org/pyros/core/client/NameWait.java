package org.pyros.core.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;

/**
 * Waits until the node knows a name: asks again at a short interval (the node sends no event
 * when a name appears) until the answer has it or the time is up.
 */
final class NameWait {
  private static final Duration INTERVAL = Duration.ofMillis(50);

  private NameWait() {}

  /**
   * Completes with the first present value {@code attempt} gives; a failed attempt counts as
   * absent. Fails with {@code TIMEOUT} saying {@code what} after {@code timeout}.
   */
  static <T> CompletionStage<T> until(ActorSystem<?> system, Duration timeout, String what,
      Supplier<CompletionStage<Optional<T>>> attempt) {
    CompletableFuture<T> result = new CompletableFuture<>();
    poll(system, result, attempt);
    return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(failure -> {
      Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (cause instanceof TimeoutException) {
        return CompletableFuture.failedFuture(new PyrosException(ErrorCode.TIMEOUT, what + " within " + timeout.toMillis() + " ms"));
      }
      return CompletableFuture.failedFuture(cause);
    });
  }

  private static <T> void poll(ActorSystem<?> system, CompletableFuture<T> result, Supplier<CompletionStage<Optional<T>>> attempt) {
    if (result.isDone()) {
      return;
    }
    CompletionStage<Optional<T>> answer;
    try {
      answer = attempt.get();
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete((value, failure) -> {
      if (failure == null && value.isPresent()) {
        result.complete(value.get());
      } else if (!result.isDone()) {
        system.scheduler().scheduleOnce(INTERVAL, () -> poll(system, result, attempt), system.executionContext());
      }
    });
  }
}
