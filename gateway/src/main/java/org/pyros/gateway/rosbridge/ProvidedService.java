package org.pyros.gateway.rosbridge;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageJson;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.node.Reply;
import org.pyros.core.node.ServiceRequest;

/**
 * A service that a rosbridge client provides ({@code advertise_service}): the handler the node
 * sends the graph's calls to. Each call goes to the client as a {@code call_service} with an id
 * of its own; the client's {@code service_response} with that id answers it. A call the client
 * does not answer in time fails TIMEOUT; when the client unadvertises or leaves, the calls still
 * open fail UNAVAILABLE.
 *
 * <p>It receives {@link ServiceRequest}s from the node and its own {@link Command}s.
 */
final class ProvidedService {
  private ProvidedService() {}

  /** Most calls waiting for the client at once; more are refused. */
  static final int MAX_OPEN_CALLS = 1000;

  sealed interface Command {}

  /** The client's {@code service_response}. */
  record Respond(String id, boolean result, JsonNode values) implements Command {}

  private record Expire(String id) implements Command {}

  static Behavior<Object> create(String service, CompletionStage<ServiceType> type, ClientChannel channel, Duration timeout) {
    return Behaviors.withTimers(timers -> serving(service, type, channel, timeout, timers, new HashMap<>(), 0));
  }

  private static Behavior<Object> serving(String service, CompletionStage<ServiceType> type, ClientChannel channel,
      Duration timeout, TimerScheduler<Object> timers, Map<String, ActorRef<Reply<Message>>> open, long counter) {
    return Behaviors.receive(Object.class)
        .onMessage(ServiceRequest.class, r -> {
          if (open.size() >= MAX_OPEN_CALLS) {
            r.replyTo().tell(Reply.failed(ErrorCode.SERVICE_FAILED, "the client providing " + service + " has too many calls open"));
            return Behaviors.same();
          }
          String id = "service_request:" + service + ":" + counter;
          open.put(id, r.replyTo());
          timers.startSingleTimer(id, new Expire(id), timeout);
          channel.send(Ops.callService(id, service, MessageJson.toJson(r.request())));
          return serving(service, type, channel, timeout, timers, open, counter + 1);
        })
        .onMessage(Respond.class, r -> {
          ActorRef<Reply<Message>> replyTo = open.remove(r.id());
          if (replyTo == null) {
            channel.status(r.id(), StatusLevel.ERROR, "service_response for " + service + ": no call " + r.id() + " is open");
            return Behaviors.same();
          }
          timers.cancel(r.id());
          answer(service, type, channel, r, replyTo);
          return Behaviors.same();
        })
        .onMessage(Expire.class, e -> {
          ActorRef<Reply<Message>> replyTo = open.remove(e.id());
          if (replyTo != null) {
            replyTo.tell(Reply.failed(ErrorCode.TIMEOUT, "the client providing " + service + " did not answer within " + timeout.toMillis() + " ms"));
          }
          return Behaviors.same();
        })
        .onSignal(PostStop.class, s -> {
          open.values().forEach(replyTo -> replyTo.tell(Reply.failed(ErrorCode.UNAVAILABLE, "the client providing " + service + " is gone")));
          return Behaviors.same();
        })
        .build();
  }

  private static void answer(String service, CompletionStage<ServiceType> type, ClientChannel channel, Respond r,
      ActorRef<Reply<Message>> replyTo) {
    if (!r.result()) {
      String why = r.values() == null || r.values().isNull() ? "the client's service failed"
          : r.values().isTextual() ? r.values().textValue() : r.values().toString();
      replyTo.tell(Reply.failed(ErrorCode.SERVICE_FAILED, why));
      return;
    }
    type.whenComplete((t, failure) -> {
      if (failure != null) {
        replyTo.tell(Reply.failed(ErrorCode.UNKNOWN_TYPE, "the type of " + service + " is unknown: " + failure.getMessage()));
        return;
      }
      try {
        replyTo.tell(Reply.ok(MessageJson.fromJson(t.response(), r.values())));
      } catch (MessageFormatException e) {
        channel.status(r.id(), StatusLevel.ERROR, "service_response for " + service + " does not fit " + t.name() + ": " + e.getMessage());
        replyTo.tell(Reply.failed(ErrorCode.BAD_MESSAGE, "the client's response does not fit " + t.name() + ": " + e.getMessage()));
      }
    });
  }
}
