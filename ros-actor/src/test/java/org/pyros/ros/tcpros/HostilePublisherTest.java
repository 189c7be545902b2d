package org.pyros.ros.tcpros;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Publishers that answer a valid header and then abuse the subscriber: announce 256 MiB frames
 * and trickle them, announce frames over the limit again and again, or send messages whose
 * handling runs out of memory. The subscriber reserves only what arrives, its reader goes on
 * through every error, and its reconnect delay keeps growing while connections fail at once.
 */
class HostilePublisherTest {
  private static final String MD5 = "992ce8a1687cec8c8bd883ec73ca41d1";

  /** What a hostile publisher does after its header. */
  private enum Abuse { TRICKLE_256_MIB, OVER_THE_LIMIT, MESSAGES }

  /** A hand-written TCPROS publisher: a thread per connection, doing its {@link Abuse}. */
  private static final class HostilePublisher implements AutoCloseable {
    final ServerSocket server;
    final Abuse abuse;
    final List<Long> accepted = new CopyOnWriteArrayList<>();
    final AtomicInteger trickled = new AtomicInteger();
    final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final AtomicBoolean closed = new AtomicBoolean();

    HostilePublisher(Abuse abuse) throws IOException {
      this.abuse = abuse;
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::accept, "hostile-publisher");
      t.setDaemon(true);
      t.start();
    }

    InetSocketAddress address() {
      return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    private void accept() {
      while (!closed.get()) {
        try {
          Socket s = server.accept();
          accepted.add(System.nanoTime());
          sockets.add(s);
          Thread t = new Thread(() -> serve(s), "hostile-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] prefix = new byte[4];
        in.readFully(prefix);
        in.readFully(new byte[(prefix[0] & 0xff) | (prefix[1] & 0xff) << 8 | (prefix[2] & 0xff) << 16]);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("callerid", "/hostile");
        h.put("md5sum", MD5);
        h.put("type", "std_msgs/String");
        h.put("message_definition", "string data\n");
        OutputStream out = s.getOutputStream();
        out.write(ConnectionHeader.encode(h).toArray());
        switch (abuse) {
          case TRICKLE_256_MIB -> {
            out.write(Frames.lengthPrefix(256 << 20).toArray());
            out.write(new byte[1024]);
            out.flush();
            trickled.incrementAndGet();
            while (!closed.get() && !s.isClosed()) {
              out.write(0); // a byte now and then: the frame is on its way, slowly
              out.flush();
              TimeUnit.MILLISECONDS.sleep(200);
            }
          }
          case OVER_THE_LIMIT -> {
            out.write(Frames.lengthPrefix(Integer.MAX_VALUE).toArray());
            out.flush();
          }
          case MESSAGES -> {
            byte[] message = {6, 0, 0, 0, 2, 0, 0, 0, 'h', 'i'};
            while (!closed.get()) {
              out.write(message);
              out.flush();
              TimeUnit.MILLISECONDS.sleep(20);
            }
          }
        }
      } catch (IOException | InterruptedException e) {
        // the subscriber left
      }
    }

    @Override
    public void close() throws IOException {
      closed.set(true);
      server.close();
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private HostilePublisher publisher(Abuse abuse) throws IOException {
    HostilePublisher p = new HostilePublisher(abuse);
    started.add(p);
    return p;
  }

  private Subscription subscribe(String topic, HostilePublisher p, Subscription.Settings settings, SubscriptionListener l) {
    Subscription s = Subscription.connect("/victim", new TopicSpec(topic, "std_msgs/String", MD5, "string data\n"),
        p.address(), settings, l);
    started.add(s);
    return s;
  }

  private static Thread reader(String topic) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().endsWith(topic)).findFirst()
        .orElseThrow(() -> new AssertionError("no reader thread for " + topic));
  }

  private static boolean readingAFrame(Thread t) {
    return Arrays.stream(t.getStackTrace()).anyMatch(e -> e.getClassName().endsWith("Frames") && e.getMethodName().equals("read"));
  }

  @Test
  void framesAnnouncedAt256MibAreNotReservedBeforeTheyArrive() throws Exception {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HostilePublisher p = publisher(Abuse.TRICKLE_256_MIB);
      String topic = "/hostile_trickle_" + i;
      subscribe(topic, p, Subscription.Settings.DEFAULT, new TcprosLoopbackTest.Collector());
      TcprosLoopbackTest.await("publisher " + i + " to announce its frame", () -> p.trickled.get() == 1);
      Thread t = reader(topic);
      readers.add(t);
      TcprosLoopbackTest.await("reader " + i + " inside the frame", () -> !t.isAlive() || readingAFrame(t));
    }
    long allocated = 0;
    for (Thread t : readers) {
      assertTrue(t.isAlive(), t.getName() + " died");
      allocated += threads.getThreadAllocatedBytes(t.getId());
    }
    assertTrue(allocated < 32L << 20, "three readers allocated " + (allocated >> 20) + " MiB for frames that sent 1 KiB each");
  }

  @Test
  void theReaderGoesOnAfterRunningOutOfMemoryOnAMessage() throws Exception {
    HostilePublisher p = publisher(Abuse.MESSAGES);
    AtomicInteger seen = new AtomicInteger();
    subscribe("/hostile_oom", p, Subscription.Settings.DEFAULT, new SubscriptionListener() {
      @Override
      public void onConnected(Map<String, String> publisherHeader) {}

      @Override
      public void onMessage(ByteString message) {
        if (seen.incrementAndGet() == 1) {
          throw new OutOfMemoryError("Java heap space"); // as a decode of a huge message would
        }
      }

      @Override
      public void onDisconnected(Throwable cause, boolean willRetry) {}
    });
    TcprosLoopbackTest.await("messages after the one that ran out of memory", () -> seen.get() >= 5);
  }

  @Test
  void theReconnectDelayKeepsGrowingWhileEachConnectionFailsAtOnce() throws Exception {
    HostilePublisher p = publisher(Abuse.OVER_THE_LIMIT);
    Subscription.Settings settings = new Subscription.Settings(true, Duration.ofMillis(50), Duration.ofSeconds(10),
        TcprosLimits.DEFAULT);
    subscribe("/hostile_over", p, settings, new TcprosLoopbackTest.Collector());
    TcprosLoopbackTest.await("five connection attempts", () -> p.accepted.size() >= 5);
    List<Long> at = p.accepted;
    long first = at.get(1) - at.get(0);
    long fourth = at.get(4) - at.get(3);
    // Waits of 50, 100, 200, 400 ms: a header accepted each time does not start the delay over.
    // A wait is never shorter than asked, so the fourth gap is at least 400 ms however busy the
    // machine (a delay that starts over keeps every gap near 50 ms).
    assertTrue(fourth >= TimeUnit.MILLISECONDS.toNanos(395), "gaps between attempts: " + (first / 1_000_000) + " ms, then "
        + (fourth / 1_000_000) + " ms");
  }
}
