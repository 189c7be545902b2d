package org.pyros.ros2.system;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.system.BoundedDelivery;
import org.pyros.core.system.TopicTraffic;
import org.pyros.ros2.cdr.CdrCodec;
import org.pyros.ros2.rtps.LocalReader;
import org.pyros.ros2.rtps.endpoint.Sample;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.wire.Guid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our subscription to one ROS 2 topic: one DDS reader, whatever the number of local consumers;
 * each sample is decoded once and offered to every consumer's bounded queue.
 */
final class Ros2Subscription {
  private static final Logger log = LoggerFactory.getLogger(Ros2Subscription.class);
  private static final int MAX_WRITERS_REMEMBERED = 1024;

  private final String topic;
  private final CdrCodec codec;
  private final TopicTraffic traffic;
  private final List<BoundedDelivery<Message>> consumers = new CopyOnWriteArrayList<>();
  private final AtomicLong undecodable = new AtomicLong();
  private final LastDelivered lastDelivered = new LastDelivered(MAX_WRITERS_REMEMBERED);
  private final String ddsTopic;
  private final String ddsType;
  private volatile LocalReader reader;
  private volatile Qos qos;
  private boolean closed;

  Ros2Subscription(String topic, String ddsTopic, String ddsType, CdrCodec codec, TopicTraffic traffic) {
    this.topic = topic;
    this.traffic = traffic;
    this.ddsTopic = ddsTopic;
    this.ddsType = ddsType;
    this.codec = codec;
  }

  String ddsTopic() {
    return ddsTopic;
  }

  String ddsType() {
    return ddsType;
  }

  Qos qos() {
    return qos;
  }

  String topic() {
    return topic;
  }

  /**
   * Takes a (new) DDS reader with its QoS; returns the one it replaces, for the caller to close,
   * or null. A closed subscription takes none and returns {@code r} itself.
   */
  synchronized LocalReader attach(LocalReader r, Qos q) {
    if (closed) {
      return r;
    }
    LocalReader old = reader;
    this.reader = r;
    this.qos = q;
    return old;
  }

  LocalReader reader() {
    return reader;
  }

  void add(BoundedDelivery<Message> consumer) {
    consumers.add(consumer);
  }

  /** Removes a consumer; true when none is left. */
  boolean remove(BoundedDelivery<Message> consumer) {
    consumers.remove(consumer);
    consumer.close();
    return consumers.isEmpty();
  }

  boolean isEmpty() {
    return consumers.isEmpty();
  }

  /**
   * From the DDS reader, on a receive thread: decode once, hand to every consumer. A sample of a
   * writer not newer than the last one delivered from it is dropped: while a reader replaces
   * another, both hear the writers, and the new one may be sent again what the old one delivered.
   */
  void onSample(Sample sample) {
    if (!firstFrom(sample)) {
      return;
    }
    if (sample.bytes() != null) {
      traffic.received(sample.bytes().size());
    }
    Message m;
    try {
      m = codec.decode(sample.bytes());
    } catch (MessageFormatException e) {
      // A peer with another idea of the type: logged on the first and every 1000th, counted always.
      long n = undecodable.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        log.warn("Dropped a sample on {} from {} that does not decode ({} so far): {}", topic, sample.writer(), n,
            e.getMessage());
      }
      return;
    }
    for (BoundedDelivery<Message> c : consumers) {
      c.offer(m);
    }
  }

  private boolean firstFrom(Sample sample) {
    return lastDelivered.isNew(sample.writer(), sample.sequenceNumber());
  }

  void close() {
    consumers.forEach(BoundedDelivery::close);
    consumers.clear();
    LocalReader r;
    synchronized (this) {
      closed = true;
      r = reader;
    }
    if (r != null) {
      r.close();
    }
  }
}
