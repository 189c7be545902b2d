package org.pyros.core.node;

import com.typesafe.config.Config;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.dispatch.Envelope;
import org.apache.pekko.dispatch.MailboxType;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.ProducesMessageQueue;
import org.apache.pekko.dispatch.UnboundedMessageQueueSemantics;
import org.pyros.core.error.ErrorCode;
import scala.Option;

/**
 * The node's mailbox ({@code pyros.node.mailbox}, chosen by {@link PyrosNode#mailbox()}): past
 * {@code capacity} waiting messages, a request is answered {@code OVERLOADED} on the sender's
 * thread instead of being queued. The node's own bound on requests in flight refuses only once
 * it reaches a request; when the node itself is behind (a machine short of CPU), that is late,
 * so the mailbox refuses at the door. Messages that are not requests (the graph's changes, the
 * children's news) are always queued: they are few, and dropping one would leave the node wrong.
 */
public final class NodeMailbox implements MailboxType, ProducesMessageQueue<NodeMailbox.Queue> {
  private final int capacity;

  /** Made by Pekko from the mailbox's configuration section. */
  public NodeMailbox(ActorSystem.Settings settings, Config config) {
    this.capacity = config.getInt("capacity");
    if (capacity < 1) {
      throw new IllegalArgumentException("pyros.node.mailbox.capacity must be at least 1, not " + capacity);
    }
  }

  @Override
  public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
    return new Queue(capacity);
  }

  /** The queue of one node. */
  static final class Queue implements MessageQueue, UnboundedMessageQueueSemantics {
    private final ConcurrentLinkedQueue<Envelope> queue = new ConcurrentLinkedQueue<>();
    // The queue's own size: ConcurrentLinkedQueue.size() walks the queue.
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private volatile NodeLoad load;

    Queue(int capacity) {
      this.capacity = capacity;
    }

    @Override
    public void enqueue(ActorRef receiver, Envelope handle) {
      Object message = handle.message();
      if (size.get() >= capacity && message instanceof PyrosNode.Replying<?> request) {
        refuse(request);
        return;
      }
      if (message instanceof NodeBehavior.CountInto c) {
        load = c.load();
      }
      size.incrementAndGet();
      queue.add(handle);
    }

    private void refuse(PyrosNode.Replying<?> request) {
      NodeLoad counts = load;
      if (counts != null) {
        counts.refused.increment();
      }
      request.replyTo().tell(Reply.failed(ErrorCode.OVERLOADED,
          "the Pyros node has " + capacity + " messages waiting; try again shortly"));
    }

    @Override
    public Envelope dequeue() {
      Envelope next = queue.poll();
      if (next != null) {
        size.decrementAndGet();
      }
      return next;
    }

    @Override
    public int numberOfMessages() {
      return size.get();
    }

    @Override
    public boolean hasMessages() {
      return !queue.isEmpty();
    }

    @Override
    public void cleanUp(ActorRef owner, MessageQueue deadLetters) {
      for (Envelope e = dequeue(); e != null; e = dequeue()) {
        deadLetters.enqueue(owner, e);
      }
    }
  }
}
