package org.pyros.ros.tcpros;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The TCPROS accept loop under errors from the system ("Too many open files", no thread to be
 * had): it logs, pauses and goes on, so a publication still takes new subscribers afterwards.
 */
class AcceptLoopErrorsTest {
  private static final TopicSpec CHATTER = new TopicSpec("/chatter", "std_msgs/String",
      "992ce8a1687cec8c8bd883ec73ca41d1", "string data\n");
  private TcprosServer server;
  private Subscription subscription;

  @AfterEach
  void stop() {
    if (subscription != null) {
      subscription.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theAcceptLoopGoesOnAfterErrors() throws Exception {
    AtomicInteger failures = new AtomicInteger();
    // The first accepts fail as they do when the process is out of descriptors, then one
    // connection is taken and dropped in an unexpected way, then all goes normally.
    server = TcprosServer.start("/pyros_accept", "127.0.0.1", 0, TcprosLimits.DEFAULT, listener -> {
          int n = failures.incrementAndGet();
          if (n <= 5) {
            throw new IOException("Too many open files");
          }
          if (n == 6) {
            listener.accept().close();
            throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
          }
          return listener.accept();
        }).toCompletableFuture().get(10, TimeUnit.SECONDS);
    Publication publication = server.advertise(CHATTER, false, 10);
    TcprosLoopbackTest.Collector got = new TcprosLoopbackTest.Collector();
    InetSocketAddress at = server.address();
    subscription = Subscription.connect("/sub", CHATTER, at, got);
    TcprosLoopbackTest.await("a subscriber to connect after the accept errors", () -> publication.subscriberCount() == 1);
    assertTrue(failures.get() >= 7, "every failing accept was tried: " + failures.get());
    ByteString message = ByteString.fromArray(new byte[] {5, 0, 0, 0, 'h', 'e', 'l', 'l', 'o'});
    TcprosLoopbackTest.await("the message to arrive", () -> {
      publication.publish(message);
      return !got.messages.isEmpty();
    });
    assertEquals(message, got.messages.get(0));
  }
}
