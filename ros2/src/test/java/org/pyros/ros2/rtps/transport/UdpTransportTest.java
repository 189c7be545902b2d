package org.pyros.ros2.rtps.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.peer.FreeDomain;

class UdpTransportTest {
  private final List<UdpTransport> open = new ArrayList<>();
  private int domain;

  @BeforeEach
  void pickDomain() {
    domain = FreeDomain.pick();
  }

  @AfterEach
  void closeAll() {
    open.forEach(UdpTransport::close);
  }

  private UdpTransport open(int index, DatagramHandler meta, DatagramHandler user) throws IOException {
    UdpTransport t = UdpTransport.open(new TransportSettings(domain, index, 9, InetAddress.getLoopbackAddress(),
        Optional.empty(), PortMapping.DEFAULT), meta, user);
    open.add(t);
    return t;
  }

  @Test
  void firstFreeIndexIsTakenAndPortsFollowTheMapping() throws IOException {
    UdpTransport a = open(-1, (b, s) -> {}, (b, s) -> {});
    UdpTransport b = open(-1, (x, s) -> {}, (x, s) -> {});
    assertEquals(0, a.participantIndex());
    assertEquals(1, b.participantIndex());
    assertEquals(PortMapping.DEFAULT.metatrafficUnicast(domain, 1), b.metatrafficUnicastLocator().port());
    assertEquals(PortMapping.DEFAULT.userUnicast(domain, 1), b.userUnicastLocator().port());
    assertTrue(b.metatrafficMulticastLocator().isEmpty(), "no multicast unless configured");
    assertThrows(IOException.class, () -> open(0, (x, s) -> {}, (x, s) -> {}), "an index in use is refused");
  }

  @Test
  void datagramsReachTheHandlerOfTheirSocket() throws Exception {
    LinkedBlockingQueue<byte[]> meta = new LinkedBlockingQueue<>(10);
    LinkedBlockingQueue<byte[]> user = new LinkedBlockingQueue<>(10);
    UdpTransport receiver = open(-1, (b, s) -> meta.add(bytes(b)), (b, s) -> user.add(bytes(b)));
    UdpTransport sender = open(-1, (b, s) -> {}, (b, s) -> {});
    sender.send(List.of(receiver.metatrafficUnicastLocator()), ByteBuffer.wrap(new byte[] {1, 2, 3}));
    sender.send(receiver.userUnicastLocator().toSocketAddress(), ByteBuffer.wrap(new byte[] {4, 5}));
    assertArrayEquals(new byte[] {1, 2, 3}, meta.poll(5, TimeUnit.SECONDS));
    assertArrayEquals(new byte[] {4, 5}, user.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void aDatagramTheHandlerRefusesIsCountedAndTheLoopGoesOn() throws Exception {
    LinkedBlockingQueue<byte[]> got = new LinkedBlockingQueue<>(10);
    UdpTransport receiver = open(-1, (b, s) -> {
      if (b.get(0) == 0) {
        throw new IllegalArgumentException("malformed");
      }
      got.add(bytes(b));
    }, (b, s) -> {});
    try (DatagramChannel ch = DatagramChannel.open()) {
      InetSocketAddress to = receiver.metatrafficUnicastLocator().toSocketAddress();
      ch.send(ByteBuffer.wrap(new byte[] {0, 9}), to);
      ch.send(ByteBuffer.wrap(new byte[] {0}), to);
      ch.send(ByteBuffer.wrap(new byte[] {7}), to);
    }
    assertArrayEquals(new byte[] {7}, got.poll(5, TimeUnit.SECONDS));
    Eventually.await(Duration.ofSeconds(5), "two datagrams counted as dropped", () -> receiver.droppedDatagrams() == 2);
    assertEquals(3, receiver.receivedDatagrams());
  }

  @Test
  void closeFreesThePortsAtOnce() throws IOException {
    UdpTransport a = open(3, (b, s) -> {}, (b, s) -> {});
    a.close();
    UdpTransport again = open(3, (b, s) -> {}, (b, s) -> {});
    assertEquals(3, again.participantIndex());
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.get(a);
    return a;
  }
}
