package org.pyros.ros2.rtps.transport;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.pyros.ros2.rtps.wire.Locator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP sockets of one participant on the spec's port mapping: a metatraffic (discovery)
 * unicast socket and a user-data unicast socket, both bound on the settings' address, and an SPDP
 * multicast socket only when the settings name an interface. One daemon receive thread per socket
 * hands each datagram to the handler; nothing a datagram or the handler does ends the loop, only
 * {@link #close()} does.
 */
public final class UdpTransport implements AutoCloseable {
  /** The IPv4 multicast group of SPDP (DDS-RTPS 9.6.1.4.1). */
  public static final String SPDP_MULTICAST_GROUP = "239.255.0.1";
  /** Larger than any UDP payload, so that no datagram is truncated. */
  static final int RECEIVE_BUFFER_BYTES = 65536;

  private static final Logger log = LoggerFactory.getLogger(UdpTransport.class);

  private final TransportSettings settings;
  private final int participantIndex;
  private final DatagramChannel metatraffic;
  private final DatagramChannel user;
  private final DatagramChannel multicast; // null when not configured
  private final Locator metatrafficLocator;
  private final Locator userLocator;
  private final Locator multicastLocator;
  private final List<Thread> receivers = new ArrayList<>();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong receivedMulticast = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();
  private volatile boolean closed;

  private UdpTransport(TransportSettings settings, int participantIndex, DatagramChannel metatraffic,
      DatagramChannel user, DatagramChannel multicast, Locator multicastLocator) {
    this.settings = settings;
    this.participantIndex = participantIndex;
    this.metatraffic = metatraffic;
    this.user = user;
    this.multicast = multicast;
    this.metatrafficLocator = Locator.udpV4(settings.bindAddress(),
        settings.ports().metatrafficUnicast(settings.domainId(), participantIndex));
    this.userLocator = Locator.udpV4(settings.bindAddress(), settings.ports().userUnicast(settings.domainId(), participantIndex));
    this.multicastLocator = multicastLocator;
  }

  /**
   * Binds the sockets and starts the receive threads: metatraffic (and multicast) datagrams go to
   * {@code metatrafficHandler}, user datagrams to {@code userHandler}.
   *
   * @throws IOException when no participant index in range has free ports, or a socket fails
   */
  public static UdpTransport open(TransportSettings settings, DatagramHandler metatrafficHandler,
      DatagramHandler userHandler) throws IOException {
    int first = settings.participantIndex() >= 0 ? settings.participantIndex() : 0;
    int last = settings.participantIndex() >= 0 ? settings.participantIndex()
        : Math.min(settings.maxAutoIndex(), settings.ports().maxParticipantIndex(settings.domainId()));
    IOException lastFailure = null;
    for (int index = first; index <= last; index++) {
      DatagramChannel meta = null;
      DatagramChannel usr = null;
      try {
        meta = bindUnicast(settings.bindAddress(), settings.ports().metatrafficUnicast(settings.domainId(), index));
        usr = bindUnicast(settings.bindAddress(), settings.ports().userUnicast(settings.domainId(), index));
      } catch (BindException e) {
        closeQuietly(meta);
        closeQuietly(usr);
        lastFailure = e;
        continue;
      } catch (IOException | RuntimeException e) {
        closeQuietly(meta);
        closeQuietly(usr);
        throw e;
      }
      DatagramChannel mc = null;
      Locator mcLocator = null;
      if (settings.multicast().isPresent()) {
        try {
          int port = settings.ports().spdpMulticast(settings.domainId());
          mc = bindMulticast(settings.multicast().get(), port);
          mcLocator = Locator.udpV4(SPDP_MULTICAST_GROUP, port);
        } catch (IOException | RuntimeException e) {
          closeQuietly(meta);
          closeQuietly(usr);
          throw e;
        }
      }
      UdpTransport t = new UdpTransport(settings, index, meta, usr, mc, mcLocator);
      t.start("meta", meta, metatrafficHandler);
      t.start("user", usr, userHandler);
      if (mc != null) {
        t.start("mcast", mc, metatrafficHandler);
      }
      log.debug("domain {} participant index {}: metatraffic {}, user {}, multicast {}", settings.domainId(), index,
          t.metatrafficLocator, t.userLocator, mcLocator == null ? "none" : mcLocator);
      return t;
    }
    if (settings.participantIndex() >= 0) {
      throw new IOException("ports of participant index " + first + " in domain " + settings.domainId()
          + " are in use", lastFailure);
    }
    throw new IOException("no free participant index 0.." + last + " in domain " + settings.domainId(), lastFailure);
  }

  private static DatagramChannel bindUnicast(InetAddress address, int port) throws IOException {
    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
    try {
      // No SO_REUSEADDR: a port in use must fail the bind, so that the next index is tried.
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
      askBuffers(ch);
      ch.bind(new InetSocketAddress(address, port));
      return ch;
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static DatagramChannel bindMulticast(NetworkInterface nif, int port) throws IOException {
    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
    try {
      // Every participant of the domain on the host listens on this port.
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      askBuffers(ch);
      ch.bind(new InetSocketAddress(port));
      ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
      ch.join(InetAddress.getByName(SPDP_MULTICAST_GROUP), nif);
      return ch;
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static void askBuffers(DatagramChannel ch) {
    try {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, TransportSettings.SOCKET_BUFFER_BYTES);
      ch.setOption(StandardSocketOptions.SO_SNDBUF, TransportSettings.SOCKET_BUFFER_BYTES);
    } catch (IOException | UnsupportedOperationException e) {
      // The kernel caps the sizes; a smaller buffer only means earlier drops under bursts.
      log.debug("socket buffers not set: {}", e.toString());
    }
  }

  private void start(String kind, DatagramChannel ch, DatagramHandler handler) {
    Thread t = new Thread(() -> receiveLoop(ch, handler),
        "rtps-" + kind + "-d" + settings.domainId() + "-p" + participantIndex);
    t.setDaemon(true);
    receivers.add(t);
    t.start();
  }

  private void receiveLoop(DatagramChannel ch, DatagramHandler handler) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER_BYTES);
    while (!closed) {
      SocketAddress from;
      try {
        buffer.clear();
        from = ch.receive(buffer);
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException | RuntimeException e) {
        if (closed || !ch.isOpen()) {
          break;
        }
        log.debug("receive failed on {}, going on: {}", ch, e.toString());
        continue;
      }
      if (from == null) {
        continue;
      }
      received.incrementAndGet();
      if (ch == multicast) {
        receivedMulticast.incrementAndGet();
      }
      buffer.flip();
      try {
        handler.onDatagram(buffer.asReadOnlyBuffer(), (InetSocketAddress) from);
      } catch (RuntimeException | StackOverflowError e) {
        long n = dropped.incrementAndGet();
        if (Long.bitCount(n) == 1) { // 1st, 2nd, 4th, ... so that a flood of junk does not flood the log
          log.warn("datagram from {} dropped ({} so far): {}", from, n, e.toString());
        }
      }
    }
  }

  /** Sends a datagram (its bytes from position to limit, which are left untouched) to one address. */
  public void send(InetSocketAddress to, ByteBuffer datagram) {
    if (closed) {
      return;
    }
    // An interrupt during a channel operation closes the channel for good (NIO's interruptible
    // channels): a caller that happens to be interrupted (an executor cancelling its task, an
    // actor system shutting down) would silence the whole participant. Its interrupt is held back
    // for the send and given back after.
    boolean interrupted = Thread.interrupted();
    try {
      metatraffic.send(datagram.duplicate(), to);
    } catch (IOException | RuntimeException e) {
      long n = sendFailures.incrementAndGet();
      if (!closed && Long.bitCount(n) == 1) {
        log.warn("send to {} failed ({} so far): {}", to, n, e.toString());
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Sends a datagram to every UDPv4 locator (others are skipped). */
  public void send(List<Locator> to, ByteBuffer datagram) {
    for (Locator l : to) {
      if (l.isUdpV4()) {
        send(l.toSocketAddress(), datagram);
      }
    }
  }

  public int participantIndex() {
    return participantIndex;
  }

  public int domainId() {
    return settings.domainId();
  }

  public Locator metatrafficUnicastLocator() {
    return metatrafficLocator;
  }

  public Locator userUnicastLocator() {
    return userLocator;
  }

  /** The SPDP multicast locator, when a multicast socket is open. */
  public Optional<Locator> metatrafficMulticastLocator() {
    return Optional.ofNullable(multicastLocator);
  }

  /** Datagrams received on every socket. */
  public long receivedDatagrams() {
    return received.get();
  }

  /** Datagrams received on the SPDP multicast socket (0 without one). */
  public long receivedMulticastDatagrams() {
    return receivedMulticast.get();
  }

  /** Datagrams the handler refused (malformed, or a failure handling them). */
  public long droppedDatagrams() {
    return dropped.get();
  }

  public long sendFailures() {
    return sendFailures.get();
  }

  /** Closes the sockets and waits for the receive threads, so that the ports are free on return. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(metatraffic);
    closeQuietly(user);
    closeQuietly(multicast);
    boolean interrupted = false;
    for (Thread t : receivers) {
      if (t == Thread.currentThread()) {
        continue;
      }
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(DatagramChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        log.debug("close failed: {}", e.toString());
      }
    }
  }
}
