package org.pyros.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.pyros.core.node.PyrosNode;

/**
 * What the cluster adds to the node's own protocol: asking the singleton which actor is the node
 * now, so clients can watch it and notice when it moves.
 */
public final class NodeHostProtocol {
  private NodeHostProtocol() {}

  /** Marker of the messages below (bound to the Pyros Kryo serializer). */
  public interface HostMessage {}

  /** Asks the singleton for the node actor. */
  public record Identify(ActorRef<Identity> replyTo) implements HostMessage {}

  /**
   * The node actor now serving, a description of its host for logs, where its host takes
   * request links ({@code linkPort} 0: nowhere), and the ticket the asking member presents
   * there (made for the address of {@link Identify#replyTo()}; empty without a link).
   */
  public record Identity(ActorRef<PyrosNode.Command> node, String host, String linkHost, int linkPort, String linkTicket)
      implements HostMessage {}
}
