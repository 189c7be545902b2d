package org.pyros.testkit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.system.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service the test provides to the graph, answered by a function, that records every request
 * it receives. A function that throws sends an error to the caller (SERVICE_FAILED).
 */
public final class ScriptedService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScriptedService.class);

  private final String name;
  private final ServiceType type;
  private final Function<Message, Message> answer;
  private final MessageLog requests;
  private volatile Registration registration = () -> {};

  ScriptedService(String name, ServiceType type, Function<Message, Message> answer, int capacity) {
    this.name = name;
    this.type = type;
    this.answer = answer;
    this.requests = new MessageLog("service " + name, capacity);
  }

  void attach(Registration registration) {
    this.registration = registration;
  }

  CompletionStage<Message> handle(Message request) {
    requests.add(request);
    try {
      Message response = answer.apply(request);
      if (response == null || !response.type().name().equals(type.response().name())) {
        throw new IllegalStateException("the scripted answer of " + name + " must be a " + type.response().name()
            + ", got " + (response == null ? "null" : response.type().name()));
      }
      return CompletableFuture.completedFuture(response);
    } catch (RuntimeException e) {
      log.info("Scripted service {} answers with an error: {}", name, e.toString());
      return CompletableFuture.failedFuture(e);
    }
  }

  public String name() {
    return name;
  }

  public ServiceType type() {
    return type;
  }

  /** The next request not yet consumed; fails when no call arrives within {@code timeout}. */
  public Message expectCall(Duration timeout) {
    return requests.expect(m -> true, timeout, "a call");
  }

  /** The next request that matches, skipping the ones before it. */
  public Message expectCall(Predicate<Message> matching, Duration timeout) {
    return requests.expect(matching, timeout, "a matching call");
  }

  /** Fails if a call not yet consumed is there or arrives within {@code within}. */
  public void expectNoCall(Duration within) {
    requests.expectNone(within, "call");
  }

  /** Every request received so far (the last {@code capacity}), oldest first. */
  public List<Message> requests() {
    return requests.history();
  }

  /** Withdraws the service from the graph. */
  @Override
  public void close() {
    registration.cancel();
  }
}
