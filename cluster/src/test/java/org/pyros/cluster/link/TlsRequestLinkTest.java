package org.pyros.cluster.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.cluster.TestKeyStore;
import org.pyros.core.client.ActorPyrosClient;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.system.memory.InMemorySystem;

/**
 * The request link over TLS with Artery's settings: requests cross it; a client without TLS, or
 * with a key the host does not trust, gets no request through (mutual authentication, as
 * Artery's).
 */
class TlsRequestLinkTest {
  static final ActorTestKit kit = ActorTestKit.create("tls-link", ConfigFactory.load());
  static final Serializer serializer = RequestLink.serializer(kit.system());
  static final String MEMBER = "pekko://tls-link@127.0.0.1:25998";
  static final LinkAdmission admission = LinkAdmission.withMembers(MEMBER::equals);
  static final LinkHello hello = new LinkHello(MEMBER, admission.ticketFor(MEMBER));
  static final List<AutoCloseable> closing = new ArrayList<>();
  static RequestLinkSettings tls;
  static RequestLinkSettings untrusted;
  static InMemorySystem graph;
  static ActorRef<PyrosNode.Command> node;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "tls-link-test"));
    Config on = ConfigFactory.parseString("pyros.cluster.request-link.enabled = on").withFallback(ConfigFactory.load());
    Path member = TestKeyStore.create(dir, "link-member");
    tls = RequestLinkSettings.fromConfig(TestKeyStore.arteryConfig(member, on));
    // Trusts the host's key, but presents one of its own that the host does not trust.
    untrusted = RequestLinkSettings.fromConfig(ConfigFactory.parseMap(Map.of(
        "pekko.remote.artery.ssl.config-ssl-engine.key-store", TestKeyStore.create(dir, "link-stranger").toString()))
        .withFallback(TestKeyStore.arteryConfig(member, on)));
    assertTrue(tls.enabled() && tls.tls().isPresent(), "a TLS cluster's link runs TLS");
    graph = new InMemorySystem();
    Exposure exposure = new Exposure(NameFilter.allowing("/l/**"), NameFilter.NONE, NameFilter.NONE);
    node = kit.spawn(PyrosNode.create(graph, NodeSettings.fromConfig(kit.system().settings().config()).withExposure(exposure)));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    kit.shutdownTestKit();
    graph.close();
  }

  static RequestLinkServer serve(ActorRef<PyrosNode.Command> to) throws IOException {
    RequestLinkServer s = RequestLinkServer.start(kit.system(), to, serializer, tls, admission,
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    closing.add(s);
    return s;
  }

  static RequestLink connect(RequestLinkServer to, RequestLinkSettings with) throws IOException {
    RequestLink link = RequestLink.connect(kit.system(), to.address(), with, hello, (l, why) -> { });
    closing.add(() -> link.close("test over"));
    return link;
  }

  @Test
  void requestsCrossATlsLink() throws IOException {
    RequestLink link = connect(serve(node), tls);
    LinkRoute route = new LinkRoute();
    route.use(link);
    TestProbe<PyrosNode.Command> deaf = kit.createTestProbe(); // answers nothing: what is answered crossed the link
    PyrosClient client = ActorPyrosClient.create(kit.system(), deaf.ref(), Duration.ofSeconds(5), route);
    RequestLinkTest.await(client.publish("/l/tls", RequestLinkTest.text("secret")));
    assertEquals(Optional.of(RequestLinkTest.text("secret")), RequestLinkTest.await(client.latest("/l/tls")));
  }

  @Test
  void aTrustedClientWithoutAMembersTicketIsRefusedAndToldWhy() throws IOException {
    RequestLinkServer server = serve(node);
    LinkHello forged = new LinkHello(MEMBER, LinkAdmission.withMembers(MEMBER::equals).ticketFor(MEMBER));
    LinkRefusedException e = assertThrows(LinkRefusedException.class,
        () -> RequestLink.connect(kit.system(), server.address(), tls, forged, (l, why) -> { }));
    assertTrue(e.getMessage().contains("no valid ticket"), e.getMessage());
  }

  @Test
  void aClientWithoutTlsOrWithAnUntrustedKeyGetsNoRequestThrough() throws Exception {
    TestProbe<PyrosNode.Command> guarded = kit.createTestProbe();
    RequestLinkServer server = serve(guarded.ref());
    RequestLinkSettings plain = RequestLinkSettings.fromConfig(kit.system().settings().config());
    try (RequestLinkTest.RefusalLog log = RequestLinkTest.RefusalLog.attach(TlsLinkConnection.class)) {
      for (RequestLinkSettings wrong : List.of(plain, untrusted)) {
        assertThrows(IOException.class, () -> connect(server, wrong));
      }
      // A raw socket sending a member's hello and a well-formed request, in plain TCP.
      try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
        raw.setSoTimeout(10_000);
        DataOutputStream out = new DataOutputStream(raw.getOutputStream());
        try {
          RequestLinkTest.writeFrame(out, LinkHello.FRAME_ID, hello.toBytes());
          RequestLinkTest.writeFrame(out, 1, serializer.toBinary(
              new PyrosNode.Publish("/l/intruder", RequestLinkTest.text("intruder"), null)));
        } catch (IOException closedAlready) {
          // the host closes as soon as it reads bytes that are no TLS handshake
        }
        try {
          while (raw.getInputStream().read() >= 0) {
            // a TLS alert, perhaps; never a reply
          }
        } catch (SocketException reset) {
          // closed with bytes unread: a reset
        }
      }
      // The host's side logs one line per refused connection (a client's side may log its own).
      guarded.awaitAssert(Duration.ofSeconds(10), () -> {
        List<String> host = log.lines().stream().filter(l -> l.startsWith("pyros-request-link /")).toList();
        assertEquals(3, host.size(), () -> log.lines().toString());
        assertTrue(host.stream().allMatch(l -> l.contains("TLS handshake failed")), () -> log.lines().toString());
        return null;
      });
    }
    connect(server, tls).tell(new PyrosNode.Publish("/l/member", RequestLinkTest.text("member"), null));
    assertEquals("/l/member", guarded.expectMessageClass(PyrosNode.Publish.class).topic(), "no refused request came first");
  }
}
