package org.pyros.core.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import scala.concurrent.ExecutionContext;
import scala.jdk.javaapi.FutureConverters;

/**
 * Pekko's ask, answered in a {@link CompletableFuture} whose callbacks run on the thread that
 * answers.
 *
 * <p>Why not {@link AskPattern#ask} alone: the stage it returns comes from Scala's future
 * converters, which run every callback attached to it ({@code thenApply}, {@code handle}, {@code
 * whenComplete}...) asynchronously on the JDK's common pool; on a machine with two CPUs or fewer
 * that pool has no threads and the JDK starts a new thread for each callback. Every request
 * through a {@link PyrosClient} paid for a thread that way (about 60 µs on the benchmark machine).
 */
public final class DirectAsk {
  private DirectAsk() {}

  /** Asks {@code target}; the future fails with a {@link java.util.concurrent.TimeoutException} after {@code timeout}. */
  public static <Req, Res> CompletableFuture<Res> ask(RecipientRef<Req> target, Function<ActorRef<Res>, Req> message,
      Duration timeout, Scheduler scheduler) {
    return direct(AskPattern.<Req, Res>ask(target, message::apply, timeout, scheduler));
  }

  /** A plain future completed, in place, when {@code stage} completes. */
  public static <T> CompletableFuture<T> direct(CompletionStage<T> stage) {
    CompletableFuture<T> out = new CompletableFuture<>();
    FutureConverters.asScala(stage).onComplete(result -> {
      if (result.isSuccess()) {
        out.complete(result.get());
      } else {
        out.completeExceptionally(result.failed().get());
      }
      return null;
    }, ExecutionContext.parasitic$.MODULE$);
    return out;
  }
}
