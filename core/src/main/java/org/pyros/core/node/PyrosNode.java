package org.pyros.core.node;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.pyros.core.expose.Exposure;
import org.pyros.core.graph.NodeInfo;
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
    return create(system, settings, new org.pyros.core.metrics.PyrosMetrics());
  }

  /**
   * The mailbox to spawn the node with ({@code ctx.spawn(create(...), name, mailbox())}): it
   * refuses requests {@code OVERLOADED} at once past {@code pyros.node.mailbox.capacity} waiting.
   * With the default mailbox the node still bounds its requests in flight, but refuses only
   * when it reaches a request.
   */
  public static org.apache.pekko.actor.typed.MailboxSelector mailbox() {
    return org.apache.pekko.actor.typed.MailboxSelector.fromConfig("pyros.node.mailbox");
  }

  /**
   * The node's behaviour, counting in {@code metrics} (see {@link org.pyros.core.metrics.PyrosMetrics}),
   * its load among them ({@link org.pyros.core.metrics.PyrosMetrics#load()}).
   */
  public static Behavior<Command> create(GraphSystem system, NodeSettings settings, org.pyros.core.metrics.PyrosMetrics metrics) {
    return NodeBehavior.create(system, settings, metrics);
  }

  /** Everything the node understands. */
  public sealed interface Command
      permits Request, Subscribe, Unsubscribe, ProvideService, NodeBehavior.Internal, WatchParam, UnwatchParam {}

  /** A command answered with exactly one {@link Reply}. */
  public interface Replying<T> {
    ActorRef<Reply<T>> replyTo();
  }

  /**
   * A command that needs nothing of its sender but the place of the answer: it holds no other
   * actor, so it can be carried by other means than an actor message (the cluster's request
   * link) and answered to another {@code replyTo}.
   */
  public sealed interface Request<T> extends Command, Replying<T>
      permits Publish, Latest, DescribeTopic, DescribeMessageType, CallService, DescribeService, GetParam, SetParam, DeleteParam,
          ListTopics, ListServices, ListParams, ListNodes, Reconfigure, GetExposure {
    /** The same request, answered to {@code replyTo}. */
    Request<T> withReplyTo(ActorRef<Reply<T>> replyTo);
  }

  /** Publishes a message; the topic is created (advertised) on first use. */
  public record Publish(String topic, Message message, ActorRef<Reply<Done>> replyTo) implements Request<Done> {
    @Override
    public Publish withReplyTo(ActorRef<Reply<Done>> replyTo) {
      return new Publish(topic, message, replyTo);
    }
  }

  /**
   * Delivers every later message of the topic to {@code subscriber} until {@link Unsubscribe}.
   * As in ROS, a topic with no publisher yet can be subscribed to: messages come once one
   * appears. Its type is then learnt from the graph, or is {@code type} when given (non-null:
   * the node subscribes in the graph at once, as a ROS subscriber registers before any
   * publisher). A subscriber of this JVM that is the topic's queue size ({@code
   * pyros.topic.queue-size}) messages behind misses the next ones until it catches up (counted in
   * {@link NodeLoad#subscriberDrops()}), so its mailbox stays bounded; a remote one is sent
   * every message.
   */
  public record Subscribe(String topic, String type, ActorRef<TopicEvent> subscriber, ActorRef<Reply<Done>> replyTo)
      implements Command, Replying<Done> {
    /** A subscription whose type is learnt from the graph. */
    public Subscribe(String topic, ActorRef<TopicEvent> subscriber, ActorRef<Reply<Done>> replyTo) {
      this(topic, null, subscriber, replyTo);
    }
  }

  /** Stops delivery to {@code subscriber}; a subscriber that stops is unsubscribed anyway. */
  public record Unsubscribe(String topic, ActorRef<TopicEvent> subscriber) implements Command {}

  /** The last message seen on a topic, or published on it through this node (answered at once after the publish). */
  public record Latest(String topic, ActorRef<Reply<LatestMessage>> replyTo) implements Request<LatestMessage> {
    @Override
    public Latest withReplyTo(ActorRef<Reply<LatestMessage>> replyTo) {
      return new Latest(topic, replyTo);
    }
  }

  /** The message type of a topic, to build messages for it. */
  public record DescribeTopic(String topic, ActorRef<Reply<MessageType>> replyTo) implements Request<MessageType> {
    @Override
    public DescribeTopic withReplyTo(ActorRef<Reply<MessageType>> replyTo) {
      return new DescribeTopic(topic, replyTo);
    }
  }

  /**
   * A message type by its name (e.g. {@code geometry_msgs/Twist}) as the system behind the node
   * resolves it, to build messages for a topic before anyone uses it. A type is not a name of
   * the graph: no exposure applies. An unknown type is {@code UNKNOWN_TYPE}.
   */
  public record DescribeMessageType(String type, ActorRef<Reply<MessageType>> replyTo) implements Request<MessageType> {
    @Override
    public DescribeMessageType withReplyTo(ActorRef<Reply<MessageType>> replyTo) {
      return new DescribeMessageType(type, replyTo);
    }
  }

  /** Calls a service; {@code timeout} null means the configured default. */
  public record CallService(String service, Message request, Duration timeout, ActorRef<Reply<Message>> replyTo)
      implements Request<Message> {
    @Override
    public CallService withReplyTo(ActorRef<Reply<Message>> replyTo) {
      return new CallService(service, request, timeout, replyTo);
    }
  }

  /** The request and response types of a service. */
  public record DescribeService(String service, ActorRef<Reply<ServiceType>> replyTo) implements Request<ServiceType> {
    @Override
    public DescribeService withReplyTo(ActorRef<Reply<ServiceType>> replyTo) {
      return new DescribeService(service, replyTo);
    }
  }

  /**
   * Provides a service to the graph, answered by {@code handler} (see {@link ServiceRequest})
   * until the handler stops.
   */
  public record ProvideService(String service, String type, ActorRef<ServiceRequest> handler, ActorRef<Reply<Done>> replyTo)
      implements Command, Replying<Done> {}

  /** A parameter's value (a namespace gives a Map). */
  public record GetParam(String name, ActorRef<Reply<ParamValue>> replyTo) implements Request<ParamValue> {
    @Override
    public GetParam withReplyTo(ActorRef<Reply<ParamValue>> replyTo) {
      return new GetParam(name, replyTo);
    }
  }

  /**
   * Sends {@code watcher} the parameter's value ({@link ParamValue}, null when not set) as it is
   * now, then after each change, until {@link UnwatchParam} or the watcher stops. Answered once
   * changes are being followed. A system without change notifications is polled (see {@link
   * GraphSystem#watchParam}). A watcher of this JVM with {@code pyros.topic.queue-size} messages
   * waiting gets no more until it catches up, then the newest value.
   */
  public record WatchParam(String name, ActorRef<ParamValue> watcher, ActorRef<Reply<Done>> replyTo)
      implements Command, Replying<Done> {}

  /** Stops sending changes of the parameter to {@code watcher}. */
  public record UnwatchParam(String name, ActorRef<ParamValue> watcher) implements Command {}

  /** Sets a parameter; a Map value sets a subtree. */
  public record SetParam(String name, Object value, ActorRef<Reply<Done>> replyTo) implements Request<Done> {
    @Override
    public SetParam withReplyTo(ActorRef<Reply<Done>> replyTo) {
      return new SetParam(name, value, replyTo);
    }
  }

  /** Deletes a parameter. */
  public record DeleteParam(String name, ActorRef<Reply<Done>> replyTo) implements Request<Done> {
    @Override
    public DeleteParam withReplyTo(ActorRef<Reply<Done>> replyTo) {
      return new DeleteParam(name, replyTo);
    }
  }

  /**
   * The nodes of the graph that use an exposed name, each with only its exposed names (empty
   * where the system does not know its nodes).
   */
  public record ListNodes(ActorRef<Reply<List<NodeInfo>>> replyTo) implements Request<List<NodeInfo>> {
    @Override
    public ListNodes withReplyTo(ActorRef<Reply<List<NodeInfo>>> replyTo) {
      return new ListNodes(replyTo);
    }
  }

  /** The exposed topics now in the graph. */
  public record ListTopics(ActorRef<Reply<List<TopicInfo>>> replyTo) implements Request<List<TopicInfo>> {
    @Override
    public ListTopics withReplyTo(ActorRef<Reply<List<TopicInfo>>> replyTo) {
      return new ListTopics(replyTo);
    }
  }

  /** The exposed services now in the graph. */
  public record ListServices(ActorRef<Reply<List<ServiceInfo>>> replyTo) implements Request<List<ServiceInfo>> {
    @Override
    public ListServices withReplyTo(ActorRef<Reply<List<ServiceInfo>>> replyTo) {
      return new ListServices(replyTo);
    }
  }

  /** The exposed parameter names. */
  public record ListParams(ActorRef<Reply<List<String>>> replyTo) implements Request<List<String>> {
    @Override
    public ListParams withReplyTo(ActorRef<Reply<List<String>>> replyTo) {
      return new ListParams(replyTo);
    }
  }

  /** Replaces the exposure; children are created and stopped to match. */
  public record Reconfigure(Exposure exposure, ActorRef<Reply<Done>> replyTo) implements Request<Done> {
    @Override
    public Reconfigure withReplyTo(ActorRef<Reply<Done>> replyTo) {
      return new Reconfigure(exposure, replyTo);
    }
  }

  /** The exposure in force. */
  public record GetExposure(ActorRef<Reply<Exposure>> replyTo) implements Request<Exposure> {
    @Override
    public GetExposure withReplyTo(ActorRef<Reply<Exposure>> replyTo) {
      return new GetExposure(replyTo);
    }
  }
}
