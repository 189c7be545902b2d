package org.pyros.bridge;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.pyros.core.msg.Message;

/**
 * Our own publications on a topic bridged both ways, so that they are not sent back: each
 * system delivers what we publish to our own subscription of the topic, and a message we
 * forwarded must not be forwarded again. Messages are compared in their ROS 2 form (ROS 1
 * publishers renumber Header.seq). Armed only while the topic is forwarded both ways; bounded
 * in count and age, so that an echo that never came does not hold a peer's equal message back
 * for long. Thread-safe.
 */
final class EchoFilter {
  static final int CAPACITY = 256;
  static final long MAX_AGE_NANOS = 2_000_000_000L;

  private record Sent(int hash, Message message, long at) {}

  private final ArrayDeque<Sent> sent = new ArrayDeque<>();
  private volatile boolean armed;

  void arm(boolean on) {
    armed = on;
    if (!on) {
      synchronized (this) {
        sent.clear();
      }
    }
  }

  boolean armed() {
    return armed;
  }

  /** Remembers a message (ROS 2 form) we are about to publish on one side. */
  void sending(Message ros2Form) {
    if (!armed) {
      return;
    }
    Sent s = new Sent(ros2Form.hashCode(), ros2Form, System.nanoTime());
    synchronized (this) {
      if (sent.size() == CAPACITY) {
        sent.removeFirst();
      }
      sent.addLast(s);
    }
  }

  /** True (and forgotten) when {@code ros2Form} is one we sent: our own publication coming back. */
  boolean isEcho(Message ros2Form) {
    if (!armed) {
      return false;
    }
    long now = System.nanoTime();
    synchronized (this) {
      while (!sent.isEmpty() && now - sent.peekFirst().at() > MAX_AGE_NANOS) {
        sent.removeFirst();
      }
      if (sent.isEmpty()) {
        return false;
      }
    }
    int hash = ros2Form.hashCode();
    synchronized (this) {
      for (Iterator<Sent> it = sent.iterator(); it.hasNext(); ) {
        Sent s = it.next();
        if (s.hash() == hash && s.message().equals(ros2Form)) {
          it.remove();
          return true;
        }
      }
      return false;
    }
  }
}
