package org.pyros.core.node;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.pyros.core.expose.Exposure;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.system.GraphSystem;

/**
 * The one node actor of a Pyros system, and its protocol.
 *
 * <p>The node owns the connection to a {@link GraphSystem}. Each exposed topic, service and
 * param becomes a child actor supervised under it (restarted with backoff when it fails). The
 * node watches the graph and creates or stops children as names appear, vanish, or the
 * {@link Exposure} changes. Requests for a name that is not exposed are answered
 * {@code NOT_EXPOSED}; every request gets exactly one {@link Reply}.
 */
public final class PyrosNode {
  private PyrosNode() {}

  /** The node's behaviour; the caller keeps ownership of {@code system} and closes it. */
  public static Behavior<Command> create(GraphSystem system, NodeSettings settings) {
    return NodeBehavior.create(system, settings);
  }

  /** Everything the node understands. */
  public sealed interface Command
      permits Publish, Subscribe, Unsubscribe, Latest, DescribeTopic, CallService, DescribeService,
          ProvideService, GetParam, SetParam, DeleteParam, ListTopics, ListServices, ListParams,
          Reconfigure, GetExposure, NodeBehavior.Internal {}

  /** Publishes a message; the topic is created (advertised) on first use. */
  public record Publish(String topic, Message message, ActorRef<Reply<Done>> replyTo) implements Command {}

  /**
   * Delivers every later message of the topic to {@code subscriber} until {@link Unsubscribe}.
   * An actor's mailbox has no bound: a subscriber actor must keep up with the topic, or hand
   * messages to a bounded queue itself ({@link org.pyros.core.client.PyrosClient#subscribe}
   * does that).
   */
  public record Subscribe(String topic, ActorRef<TopicEvent> subscriber, ActorRef<Reply<Done>> replyTo)
      implements Command {}

  /** Stops delivery to {@code subscriber}; a subscriber that stops is unsubscribed anyway. */
  public record Unsubscribe(String topic, ActorRef<TopicEvent> subscriber) implements Command {}

  /** The last message seen on a topic. */
  public record Latest(String topic, ActorRef<Reply<LatestMessage>> replyTo) implements Command {}

  /** The message type of a topic, to build messages for it. */
  public record DescribeTopic(String topic, ActorRef<Reply<MessageType>> replyTo) implements Command {}

  /** Calls a service; {@code timeout} null means the configured default. */
  public record CallService(String service, Message request, Duration timeout, ActorRef<Reply<Message>> replyTo)
      implements Command {}

  /** The request and response types of a service. */
  public record DescribeService(String service, ActorRef<Reply<ServiceType>> replyTo) implements Command {}

  /**
   * Provides a service to the graph, answered by {@code handler} (see {@link ServiceRequest})
   * until the handler stops.
   */
  public record ProvideService(String service, String type, ActorRef<ServiceRequest> handler, ActorRef<Reply<Done>> replyTo)
      implements Command {}

  /** A parameter's value (a namespace gives a Map). */
  public record GetParam(String name, ActorRef<Reply<ParamValue>> replyTo) implements Command {}

  /** Sets a parameter; a Map value sets a subtree. */
  public record SetParam(String name, Object value, ActorRef<Reply<Done>> replyTo) implements Command {}

  /** Deletes a parameter. */
  public record DeleteParam(String name, ActorRef<Reply<Done>> replyTo) implements Command {}

  /** The exposed topics now in the graph. */
  public record ListTopics(ActorRef<Reply<List<TopicInfo>>> replyTo) implements Command {}

  /** The exposed services now in the graph. */
  public record ListServices(ActorRef<Reply<List<ServiceInfo>>> replyTo) implements Command {}

  /** The exposed parameter names. */
  public record ListParams(ActorRef<Reply<List<String>>> replyTo) implements Command {}

  /** Replaces the exposure; children are created and stopped to match. */
  public record Reconfigure(Exposure exposure, ActorRef<Reply<Done>> replyTo) implements Command {}

  /** The exposure in force. */
  public record GetExposure(ActorRef<Reply<Exposure>> replyTo) implements Command {}
}
