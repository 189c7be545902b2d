package org.pyros.ros.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.Test;
import org.pyros.ros.tcpros.TcprosServer;
import org.pyros.ros.xmlrpc.XmlRpcServer;

/** With no host given, the XML-RPC and TCPROS servers listen on loopback only. */
class LoopbackBindingTest {
  @Test
  void xmlRpcServerBindsToLoopbackByDefault() throws Exception {
    try (XmlRpcServer server = XmlRpcServer.start()) {
      InetAddress bound = server.address().getAddress();
      assertTrue(bound.isLoopbackAddress(), "XML-RPC bound to " + bound);
      assertEquals("127.0.0.1", bound.getHostAddress());
      assertEquals("127.0.0.1", server.uri().getHost());
    }
  }

  @Test
  void tcprosServerBindsToLoopbackByDefault() throws Exception {
    ActorSystem system = ActorSystem.create("loopback-binding");
    try {
      TcprosServer server = TcprosServer.start("/pyros").toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertTrue(server.serviceAddress().getAddress().isLoopbackAddress(), "services: " + server.serviceAddress());
      InetAddress bound = server.address().getAddress();
      assertTrue(bound.isLoopbackAddress(), "TCPROS bound to " + bound);
      assertEquals("127.0.0.1", bound.getHostAddress());
      server.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      TestKit.shutdownActorSystem(system);
    }
  }
}
