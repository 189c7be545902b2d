package org.pyros.ros2.system;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.pyros.core.msg.Message;
import org.pyros.core.system.BoundedDelivery;
import org.pyros.ros2.rtps.LocalReader;

/**
 * Our publications and subscriptions by ROS topic name, the one owner of both. What we publish
 * reaches our own subscriptions as it reaches everyone's: the participant matches its own
 * writers and readers as DDS does (latched history included).
 */
final class Ros2Topics {
  private final Ros2Graph graph;
  private final Object lock = new Object();
  // Guarded by lock.
  private final Map<String, List<Ros2Publication>> publications = new HashMap<>();
  // Written under lock; read without it by the graph thread.
  private final Map<String, Ros2Subscription> subscriptions = new ConcurrentHashMap<>();

  Ros2Topics(Ros2Graph graph) {
    this.graph = graph;
  }

  void add(Ros2Publication p) {
    synchronized (lock) {
      publications.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p);
    }
  }

  /** Removes and closes a publication. */
  void remove(Ros2Publication p) {
    synchronized (lock) {
      List<Ros2Publication> list = publications.get(p.topic());
      if (list == null || !list.remove(p)) {
        return;
      }
      if (list.isEmpty()) {
        publications.remove(p.topic());
      }
    }
    p.writer().close();
    graph.removeLocal(p.writer().guid());
  }

  /**
   * Adds a consumer to the topic's subscription. When there is none, one is made with
   * {@code create} and gets its DDS reader from {@code attach} only once the consumer is in: a
   * new reader is matched with our own writers at once and may be handed their history
   * (latched samples) before {@code attach} returns.
   */
  Ros2Subscription subscribe(String topic, Supplier<Ros2Subscription> create, Consumer<Ros2Subscription> attach,
      BoundedDelivery<Message> consumer) {
    synchronized (lock) {
      Ros2Subscription s = subscriptions.get(topic);
      if (s != null) {
        s.add(consumer);
        return s;
      }
      s = create.get();
      s.add(consumer);
      subscriptions.put(topic, s);
      try {
        attach.accept(s);
      } catch (RuntimeException e) {
        subscriptions.remove(topic, s);
        close(s);
        throw e;
      }
      return s;
    }
  }

  /** Removes a consumer; the last one out closes the subscription's reader. */
  void unsubscribe(Ros2Subscription s, BoundedDelivery<Message> consumer) {
    boolean last;
    synchronized (lock) {
      last = s.remove(consumer);
      if (last) {
        subscriptions.remove(s.topic(), s);
      }
    }
    if (last) {
      close(s);
    }
  }

  private void close(Ros2Subscription s) {
    s.close();
    if (s.reader() != null) {
      graph.removeLocal(s.reader().guid());
    }
  }

  /** Closes a subscription's DDS reader that a new one replaced. */
  void replaced(LocalReader old) {
    old.close();
    graph.removeLocal(old.guid());
  }

  /** Our subscriptions whose DDS topic is {@code ddsTopic}. */
  List<Ros2Subscription> subscriptionsOn(String ddsTopic) {
    return subscriptions.values().stream().filter(s -> s.ddsTopic().equals(ddsTopic)).toList();
  }

  /** Closes every publication and subscription. */
  void closeAll() {
    List<Ros2Publication> pubs = new ArrayList<>();
    List<Ros2Subscription> subs;
    synchronized (lock) {
      publications.values().forEach(pubs::addAll);
      subs = List.copyOf(subscriptions.values());
    }
    pubs.forEach(this::remove);
    subs.forEach(this::close);
    synchronized (lock) {
      subscriptions.clear();
    }
  }
}
