package org.pyros.core.node;

import org.apache.pekko.actor.ActorRefWithCell;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.internal.adapter.ActorRefAdapter;

/**
 * The bound on a raw subscriber's mailbox. A tell never fails or blocks, so a subscriber actor
 * that does not keep up would grow its mailbox without bound; the only sign that it is behind is
 * the number of messages waiting there. Pekko shows it only through its internal API, read here
 * in this one place. An actor of this JVM is known; another (remote, or an adapter) is not, and
 * gets every message, as its transport's own bounded queues then decide.
 */
final class SubscriberMailbox {
  private SubscriberMailbox() {}

  /** True when {@code subscriber} is local and has {@code capacity} or more messages waiting. */
  static boolean isFull(ActorRef<?> subscriber, int capacity) {
    // The mailbox's size may cost a walk of its queue: kept short by this very bound.
    return subscriber instanceof ActorRefAdapter<?> adapter
        && adapter.classicRef() instanceof ActorRefWithCell local
        && local.underlying().numberOfMessages() >= capacity;
  }
}
