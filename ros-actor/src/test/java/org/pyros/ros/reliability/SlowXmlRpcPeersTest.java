package org.pyros.ros.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pyros.ros.master.EmbeddedMaster;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.system.RosSettings;
import org.pyros.ros.system.RosSystem;
import org.pyros.ros.xmlrpc.XmlRpcClient;
import org.pyros.ros.xmlrpc.XmlRpcLimits;

/**
 * Peers that connect to an XML-RPC server (the embedded master, a node's API) and go silent, or
 * trickle their request, hold no one else up: with 300 of them open, normal callers are answered
 * as usual, and the server closes the slow ones at its deadline for a whole request.
 */
class SlowXmlRpcPeersTest {
  private final List<Socket> slow = new ArrayList<>();
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Socket s : slow) {
      s.close();
    }
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  /** 100 each: one byte sent; a header begun; a header announcing 1,000 body bytes and 5 of them. */
  private void openSlowConnections(URI server) throws IOException {
    String begun = "POST / HTTP/1.1\r\nHost: x\r\nContent-Ty";
    String announced = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<?xml";
    for (int i = 0; i < 300; i++) {
      Socket s = new Socket();
      slow.add(s);
      s.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
      String sent = i % 3 == 0 ? "P" : i % 3 == 1 ? begun : announced;
      s.getOutputStream().write(sent.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
    }
  }

  private static void answersNormalCallers(URI server, String method) {
    XmlRpcClient client = new XmlRpcClient(Duration.ofSeconds(5), Duration.ofSeconds(5), XmlRpcLimits.DEFAULT);
    for (int i = 0; i < 20; i++) {
      Object answer = client.call(server, method, "/normal_caller").toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
      assertTrue(answer instanceof List<?> l && l.get(0).equals(1), method + " answered " + answer);
    }
  }

  /** True once the server closed every slow connection (their reads see the end). */
  private boolean allSlowClosedByServer() {
    for (Socket s : slow) {
      if (!endSeen(s)) {
        return false;
      }
    }
    return true;
  }

  private static boolean endSeen(Socket s) {
    try {
      s.setSoTimeout(1);
      InputStream in = s.getInputStream();
      while (true) {
        int b = in.read();
        if (b < 0) {
          return true; // an answer (e.g. 408/400) may come first; the end is what counts
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }

  @Test
  void theEmbeddedMasterAnswersWhileSlowPeersHangOn() throws Exception {
    EmbeddedMaster master = EmbeddedMaster.start();
    started.add(master);
    openSlowConnections(master.uri());
    answersNormalCallers(master.uri(), "getSystemState");
    // Still open, as far as the slow peers know, while the normal calls were answered.
    assertEquals(0, slow.stream().filter(SlowXmlRpcPeersTest::endSeen).count());
    RosWait.until("the master to close the slow connections", Duration.ofSeconds(60), this::allSlowClosedByServer);
    answersNormalCallers(master.uri(), "getSystemState");
  }

  @Test
  void aNodeApiAnswersWhileSlowPeersHangOn() throws Exception {
    EmbeddedMaster master = EmbeddedMaster.start();
    started.add(master);
    ActorTestKit kit = ActorTestKit.create();
    started.add(kit::shutdownTestKit);
    RosSystem node = RosSystem.start(kit.system(), RosSettings.forMaster("slow_peers_node", master.uri()), MessageTypes.fromEnvironment())
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
    started.add(node);
    openSlowConnections(node.nodeUri());
    answersNormalCallers(node.nodeUri(), "getPid");
    assertEquals(0, slow.stream().filter(SlowXmlRpcPeersTest::endSeen).count());
    RosWait.until("the node to close the slow connections", Duration.ofSeconds(60), this::allSlowClosedByServer);
  }

  @Test
  void aRequestTrickledAByteAtATimeIsClosedAtTheDeadlineForTheWholeRequest() throws Exception {
    EmbeddedMaster master = EmbeddedMaster.start();
    started.add(master);
    Socket s = new Socket();
    slow.add(s);
    s.connect(new InetSocketAddress(master.uri().getHost(), master.uri().getPort()), 5_000);
    OutputStream out = s.getOutputStream();
    byte[] request = ("POST / HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(4000)).getBytes(StandardCharsets.US_ASCII);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int i = 0;
    boolean closed = false;
    // A byte every 100 ms: each read gets data in time, the request as a whole never completes.
    while (!closed && System.nanoTime() < deadline && i < request.length) {
      try {
        out.write(request[i++]);
        out.flush();
      } catch (IOException e) {
        closed = true;
        break;
      }
      closed = endSeen(s);
      TimeUnit.MILLISECONDS.sleep(100); // the trickle's pace
    }
    assertTrue(closed, "the server still reads a request trickled for " + i + " bytes");
  }
}
