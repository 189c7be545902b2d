package org.pyros.testkit;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.Scheduler;
import org.pyros.core.msg.Message;
import org.pyros.core.system.TopicPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContextExecutor;

/**
 * A topic the test publishes on, as another node would. It is advertised when created (and the
 * node under test can see it); publishing starts with {@link #every} or {@link #now}. A sequence
 * ends after its last message ({@link #awaitFinished}); {@link #cycling()} repeats it, and a
 * supplier source never ends. {@link #stop()} stops publishing, {@link #close()} also withdraws
 * the topic.
 */
public final class ScriptedPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScriptedPublisher.class);

  private final String topic;
  private final TopicPublisher publisher;
  private final Scheduler scheduler;
  private final ExecutionContextExecutor executor;
  private final List<Message> sequence;
  private final Supplier<Message> supplier;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private boolean cycling;
  private Iterator<Message> next;
  private Cancellable schedule;
  private boolean stopped;

  ScriptedPublisher(String topic, TopicPublisher publisher, Scheduler scheduler, ExecutionContextExecutor executor,
      List<Message> sequence, Supplier<Message> supplier) {
    this.topic = topic;
    this.publisher = publisher;
    this.scheduler = scheduler;
    this.executor = executor;
    this.sequence = sequence;
    this.supplier = supplier;
  }

  /** Repeats the sequence forever instead of ending after its last message; call before starting. */
  public synchronized ScriptedPublisher cycling() {
    requireNotStarted();
    cycling = true;
    return this;
  }

  /** Starts publishing one message every {@code period}, the first right away. */
  public synchronized ScriptedPublisher every(Duration period) {
    requireNotStarted();
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period must be positive, got " + period);
    }
    next = iterator();
    schedule = scheduler.scheduleAtFixedRate(Duration.ZERO, period, this::publishNext, executor);
    return this;
  }

  /** Publishes the whole sequence now, in order (a supplier source: one message). */
  public synchronized ScriptedPublisher now() {
    requireNotStarted();
    if (cycling) {
      throw new IllegalStateException("a cycling sequence never ends; use every(period)");
    }
    next = iterator();
    if (supplier != null) {
      publishNext();
      finish();
      return this;
    }
    while (!finished.isDone()) {
      publishNext();
    }
    return this;
  }

  /** Publishes one message now, outside any schedule. */
  public void publish(Message message) {
    try {
      publisher.publish(message);
      published.incrementAndGet();
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      log.warn("Scripted publish on {} failed: {}", topic, e.toString());
    }
  }

  private synchronized void publishNext() {
    if (stopped) {
      return;
    }
    if (!next.hasNext()) {
      finish();
      return;
    }
    publish(next.next());
    if (!next.hasNext()) {
      finish();
    }
  }

  private Iterator<Message> iterator() {
    if (supplier != null) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public Message next() {
          return supplier.get();
        }
      };
    }
    if (!cycling) {
      return sequence.iterator();
    }
    return new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return !sequence.isEmpty();
      }

      @Override
      public Message next() {
        return sequence.get(i++ % sequence.size());
      }
    };
  }

  private void finish() {
    if (schedule != null) {
      schedule.cancel();
    }
    finished.complete(null);
  }

  private void requireNotStarted() {
    if (next != null) {
      throw new IllegalStateException("publishing on " + topic + " has already started");
    }
  }

  public String topic() {
    return topic;
  }

  /** How many messages were published so far. */
  public long publishedCount() {
    return published.get();
  }

  /** How many publishes failed (e.g. after {@link GraphScript#failNextPublish}). */
  public long failedCount() {
    return failed.get();
  }

  /** Waits until the sequence has been published; fails after {@code timeout}. */
  public void awaitFinished(Duration timeout) {
    try {
      finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("publishing on " + topic + " did not finish within " + timeout.toMillis() + " ms ("
          + published.get() + " published)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  /** Stops publishing; the topic stays advertised. */
  public synchronized void stop() {
    stopped = true;
    if (schedule != null) {
      schedule.cancel();
    }
  }

  /** Stops publishing and withdraws the topic. */
  @Override
  public void close() {
    stop();
    publisher.cancel();
  }
}
