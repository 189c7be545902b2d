package org.pyros.ros2.rtps.endpoint;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.MessageReader;
import org.pyros.ros2.rtps.wire.ParsedMessage;
import org.pyros.ros2.rtps.wire.Received;
import org.pyros.ros2.rtps.wire.Submessage;

/**
 * Participants in memory: each one an {@link Outbox} with a locator of its own. Sent datagrams
 * are copied into a queue, and {@link #deliverAll} parses them back with {@link MessageReader}
 * and dispatches each submessage as the participant would, dropping, duplicating and reordering
 * datagrams as a seeded {@link Random} decides. Time is {@link #tick}'s to move.
 */
final class TestNetwork {
  private final Random random;
  private double loss;
  private double duplication;
  private double reordering;
  private final LinkedList<Datagram> inFlight = new LinkedList<>();
  private final Map<Locator, Node> byLocator = new HashMap<>();
  private final List<Node> nodes = new ArrayList<>();
  private long now = 1_000_000_000L;
  int sent;
  int dropped;
  long bytesSent;

  private record Datagram(Locator to, byte[] bytes) {}

  TestNetwork(long seed) {
    this.random = new Random(seed);
  }

  /** Fractions of datagrams lost, duplicated, and delivered after a later one. */
  TestNetwork faults(double loss, double duplication, double reordering) {
    this.loss = loss;
    this.duplication = duplication;
    this.reordering = reordering;
    return this;
  }

  Node node(int index) {
    GuidPrefix prefix = new GuidPrefix(0x0102030405060708L, index);
    Node n = new Node(prefix, Locator.udpV4("127.0.0.1", 20_000 + index));
    nodes.add(n);
    byLocator.put(n.locator, n);
    return n;
  }

  long now() {
    return now;
  }

  /** Moves time on by {@code nanos}, runs every endpoint's timer, and delivers what that sent. */
  void tick(long nanos) {
    now += nanos;
    for (Node n : nodes) {
      for (StatefulWriter w : List.copyOf(n.writers.values())) {
        w.onTimer(now);
      }
      for (StatefulReader r : List.copyOf(n.readers.values())) {
        r.onTimer(now);
      }
    }
    deliverAll();
  }

  /** Delivers datagrams (and those sent in answer) until none is in flight. */
  void deliverAll() {
    int steps = 0;
    while (!inFlight.isEmpty()) {
      if (++steps > 10_000_000) {
        throw new AssertionError("datagrams keep coming: a send loop");
      }
      Datagram d;
      if (inFlight.size() > 1 && random.nextDouble() < reordering) {
        d = inFlight.remove(1 + random.nextInt(Math.min(inFlight.size() - 1, 4)));
      } else {
        d = inFlight.removeFirst();
      }
      Node to = byLocator.get(d.to);
      if (to != null) {
        to.receive(ByteBuffer.wrap(d.bytes));
      }
    }
  }

  /** Drops everything in flight (a network outage). */
  void dropInFlight() {
    dropped += inFlight.size();
    inFlight.clear();
  }

  final class Node implements Outbox {
    final GuidPrefix prefix;
    final Locator locator;
    final Map<EntityId, StatefulWriter> writers = new HashMap<>();
    final Map<EntityId, StatefulReader> readers = new HashMap<>();
    boolean disconnected;
    final List<Submessage> log = new ArrayList<>();
    boolean logging;

    Node(GuidPrefix prefix, Locator locator) {
      this.prefix = prefix;
      this.locator = locator;
    }

    @Override
    public GuidPrefix localPrefix() {
      return prefix;
    }

    @Override
    public void send(List<Locator> to, ByteBuffer datagram) {
      byte[] bytes = new byte[datagram.remaining()];
      datagram.duplicate().get(bytes);
      for (Locator l : to) {
        sent++;
        bytesSent += bytes.length;
        if (disconnected || random.nextDouble() < loss) {
          dropped++;
          continue;
        }
        inFlight.add(new Datagram(l, bytes));
        if (random.nextDouble() < duplication) {
          inFlight.add(new Datagram(l, bytes));
        }
      }
    }

    void receive(ByteBuffer datagram) {
      Dispatcher.dispatch(datagram, prefix, writers, readers, logging ? log : null);
    }
  }
}
