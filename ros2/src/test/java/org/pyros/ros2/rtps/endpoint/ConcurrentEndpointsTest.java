package org.pyros.ros2.rtps.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.ParameterList;

/**
 * The participant's threading with real threads: user threads writing, two receive threads per
 * participant dispatching (so on* calls race each other), and a timer thread; datagrams lost now
 * and then. Each reader still delivers every sample once, in order, one call at a time.
 */
class ConcurrentEndpointsTest {
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Throwable> failures = new ArrayList<>();

  /** A participant whose datagrams go through a bounded queue (full: dropped, like a socket buffer). */
  private final class Node implements Outbox {
    final GuidPrefix prefix;
    final Locator locator;
    final Map<EntityId, StatefulWriter> writers = new ConcurrentHashMap<>();
    final Map<EntityId, StatefulReader> readers = new ConcurrentHashMap<>();
    final ArrayBlockingQueue<byte[]> socket = new ArrayBlockingQueue<>(4096);
    Node peer;
    final Random random;

    Node(int index) {
      prefix = new GuidPrefix(0x0a0bL, index);
      locator = Locator.udpV4("127.0.0.1", 30_000 + index);
      random = new Random(index);
      for (int i = 0; i < 2; i++) {
        start("receive-" + index + "-" + i, () -> {
          byte[] d = socket.poll(10, TimeUnit.MILLISECONDS);
          if (d != null) {
            Dispatcher.dispatch(ByteBuffer.wrap(d), prefix, writers, readers, null);
          }
        });
      }
    }

    @Override
    public void send(List<Locator> to, ByteBuffer datagram) {
      boolean lost;
      synchronized (random) {
        lost = random.nextDouble() < 0.05;
      }
      if (!lost) {
        byte[] b = new byte[datagram.remaining()];
        datagram.duplicate().get(b);
        peer.socket.offer(b);
      }
    }

    @Override
    public GuidPrefix localPrefix() {
      return prefix;
    }

    void tick(long now) {
      writers.values().forEach(w -> w.onTimer(now));
      readers.values().forEach(r -> r.onTimer(now));
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private void start(String name, Step step) {
    Thread t = new Thread(() -> {
      try {
        while (running.get()) {
          step.run();
        }
      } catch (Throwable e) {
        synchronized (failures) {
          failures.add(e);
        }
      }
    }, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(5000);
    }
  }

  /** Records what it gets and fails when called by two threads at once. */
  private static final class Listener implements SampleListener {
    final AtomicInteger inside = new AtomicInteger();
    final List<Long> sns = new ArrayList<>();
    final List<Integer> ids = new ArrayList<>();
    volatile boolean overlapped;

    @Override
    public void onSample(Sample s) {
      if (inside.incrementAndGet() != 1) {
        overlapped = true;
      }
      synchronized (this) {
        sns.add(s.sequenceNumber());
        ids.add(s.payload().duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(4));
      }
      inside.decrementAndGet();
    }

    synchronized int count() {
      return sns.size();
    }
  }

  @Test
  void everySampleOnceInOrderWithRacingThreads() throws Exception {
    Node a = new Node(1);
    Node b = new Node(2);
    a.peer = b;
    b.peer = a;
    Qos qos = Qos.ROS_DEFAULT.withHistory(History.keepAll(10_000));
    StatefulWriter w = new StatefulWriter(new Guid(a.prefix, EntityId.user(1, EntityId.KIND_WRITER_NO_KEY)), qos,
        WriterSettings.DEFAULT.withHeartbeatPeriod(Duration.ofMillis(5)).withFragmentSize(1000, 4000), a);
    a.writers.put(w.guid().entityId(), w);
    List<Listener> listeners = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      Listener l = new Listener();
      StatefulReader r = new StatefulReader(new Guid(b.prefix, EntityId.user(i, EntityId.KIND_READER_NO_KEY)), qos,
          ReaderSettings.DEFAULT.withAckNackDelay(Duration.ofMillis(1)), b, l);
      b.readers.put(r.guid().entityId(), r);
      listeners.add(l);
      r.addWriter(new RemoteWriter(w.guid(), qos, List.of(a.locator), List.of()));
      w.addReader(new RemoteReader(r.guid(), qos, List.of(b.locator), List.of(), false));
    }
    start("timer", () -> {
      long now = System.nanoTime();
      a.tick(now);
      b.tick(now);
      LockSupport.parkNanos(1_000_000); // the timer's period, not a synchronization
    });
    int writersThreads = 4;
    int perThread = 300;
    List<Thread> users = new ArrayList<>();
    for (int t = 0; t < writersThreads; t++) {
      int thread = t;
      Thread u = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          int size = i % 25 == 0 ? 3000 : 8; // some fragmented
          ByteBuffer p = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
          p.put(1, (byte) 1).putInt(4, thread * 100_000 + i);
          w.write(p, ParameterList.EMPTY, null);
        }
      });
      users.add(u);
      u.start();
    }
    for (Thread u : users) {
      u.join(30_000);
    }
    int total = writersThreads * perThread;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && !listeners.stream().allMatch(l -> l.count() == total)) {
      Thread.onSpinWait();
      LockSupport.parkNanos(1_000_000);
    }
    synchronized (failures) {
      assertEquals(List.of(), failures);
    }
    for (Listener l : listeners) {
      synchronized (l) {
        assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), l.sns);
        for (int t = 0; t < writersThreads; t++) {
          int thread = t;
          List<Integer> mine = l.ids.stream().filter(id -> id / 100_000 == thread).toList();
          assertEquals(perThread, mine.size());
          for (int i = 0; i < perThread; i++) {
            assertEquals(thread * 100_000 + i, mine.get(i), "a thread's samples in its order");
          }
        }
      }
      assertTrue(!l.overlapped, "the listener is never called by two threads at once");
    }
  }
}
