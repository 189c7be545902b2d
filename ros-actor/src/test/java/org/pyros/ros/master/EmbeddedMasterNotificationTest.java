package org.pyros.ros.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pyros.ros.peer.RosPeer;
import org.pyros.ros.xmlrpc.XmlRpcClient;

/** A node that never answers cannot slow the master down or make its queues grow. */
class EmbeddedMasterNotificationTest {
  private final XmlRpcClient xmlrpc = new XmlRpcClient();

  private Object call(EmbeddedMaster m, Object... params) throws Exception {
    return xmlrpc.call(m.uri(), (String) params[0], java.util.Arrays.copyOfRange(params, 1, params.length))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aSilentSubscriberNeitherBlocksHandlersNorGrowsQueues() throws Exception {
    List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        EmbeddedMaster master = EmbeddedMaster.builder()
            .nodeCallTimeout(Duration.ofSeconds(10))
            .notificationLimits(4, 8)
            .start()) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept()); // connections are kept open and never answered
          }
        } catch (Exception e) {
          // closed at the end of the test
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String silentApi = "http://127.0.0.1:" + silent.getLocalPort() + "/";
      for (int t = 0; t < 10; t++) {
        assertEquals(1, ((List<?>) call(master, "registerSubscriber", "/silent", "/topic" + t, "std_msgs/String", silentApi)).get(0));
      }
      long start = System.nanoTime();
      for (int i = 0; i < 2; i++) {
        for (int t = 0; t < 10; t++) {
          List<?> r = (List<?>) call(master, "registerPublisher", "/pub" + i, "/topic" + t, "std_msgs/String",
              "http://127.0.0.1:" + (20000 + i) + "/");
          assertEquals(1, r.get(0));
        }
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      // 20 registrations, each queueing a publisherUpdate to a node that never answers (10 s each)
      assertTrue(ms < 5000, "registrations took " + ms + " ms: handlers waited for the node");
      // one call in flight, at most 4 waiting for that node, the rest dropped with a log line
      assertTrue(master.pendingNotifications() <= 4, "pending: " + master.pendingNotifications());
      // the master still answers everything else at once
      assertEquals(1, ((List<?>) call(master, "getSystemState", "/x")).get(0));
      RosPeer.await("the master to call the silent node", Duration.ofSeconds(10), () -> !accepted.isEmpty());
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
