package org.pyros.ros.tcpros;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Peers that connect to our TCPROS port and send their header a byte now and then: the header
 * must arrive whole within the deadline, and one address's connections still sending a header
 * are capped (the oldest goes), so a trickle holds neither a connection for long nor the port
 * against other subscribers.
 */
class HeaderTrickleTest {
  private static final TopicSpec CHATTER = new TopicSpec("/chatter", "std_msgs/String",
      "992ce8a1687cec8c8bd883ec73ca41d1", "string data\n");
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private TcprosServer server(TcprosLimits limits) {
    TcprosServer server = TcprosServer.start("/pyros_trickle", "127.0.0.1", 0, limits).toCompletableFuture().join();
    started.add(server);
    return server;
  }

  private static byte[] subscriberHeader() {
    return ConnectionHeader.encode(Map.of("callerid", "/trickler", "topic", "/chatter", "md5sum", CHATTER.md5sum(),
        "type", "std_msgs/String")).toArray();
  }

  @Test
  void aHeaderSentAByteAtATimeIsCutOffAtTheDeadline() throws Exception {
    TcprosServer server = server(TcprosLimits.DEFAULT.withHeaderDeadline(Duration.ofSeconds(1)));
    server.advertise(CHATTER, false, 10);
    byte[] header = subscriberHeader(); // over 100 bytes: 20 s and more at a byte per 200 ms
    try (Socket s = new Socket()) {
      s.connect(server.address(), 5000);
      OutputStream out = s.getOutputStream();
      long start = System.nanoTime();
      int sent = 0;
      try {
        for (; sent < header.length; sent++) {
          out.write(header[sent]);
          out.flush();
          TimeUnit.MILLISECONDS.sleep(200); // the trickle's pace: each byte well within a per-read timeout
        }
      } catch (IOException closedByTheServer) {
        // what we wait for: the server gave up on the header
      }
      long took = System.nanoTime() - start;
      assertTrue(sent < header.length, "the whole header went through a byte at a time");
      assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(950), "closed before the deadline: " + took / 1_000_000 + " ms");
    }
  }

  @Test
  void tricklersFromOneAddressDoNotKeepASubscriberFromThereOut() throws Exception {
    // 40 peers that sent one header byte, more than the port's 32 connections in all: without a
    // cap on one address's unfinished headers they would hold the port for the whole deadline.
    TcprosServer server = server(TcprosLimits.DEFAULT.withHeaderDeadline(Duration.ofSeconds(60)).withConnections(32, 8));
    Publication publication = server.advertise(CHATTER, false, 10);
    List<Socket> tricklers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Socket s = new Socket();
      started.add(s);
      s.connect(server.address(), 5000);
      s.getOutputStream().write(subscriberHeader()[0]);
      s.getOutputStream().flush();
      tricklers.add(s);
    }
    TcprosLoopbackTest.await("the oldest tricklers to be closed", () -> tricklers.stream().filter(HeaderTrickleTest::closedByPeer).count() >= 32);
    TcprosLoopbackTest.Collector got = new TcprosLoopbackTest.Collector();
    Subscription subscription = Subscription.connect("/subscriber", CHATTER, server.address(), got);
    started.add(subscription);
    ByteString message = ByteString.fromArray(new byte[] {2, 0, 0, 0, 'h', 'i'});
    TcprosLoopbackTest.await("a message to the subscriber", () -> {
      publication.publish(message);
      return !got.messages.isEmpty();
    });
    assertEquals(message, got.messages.get(0));
  }

  /** True once the server closed this connection (a read sees the end or a reset). */
  private static boolean closedByPeer(Socket s) {
    try {
      s.setSoTimeout(1);
      return s.getInputStream().read() < 0;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
