package org.pyros.ros2.rtps.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Receives each datagram on the socket's receive thread. The buffer is a read-only view of the
 * thread's receive buffer, valid during the call only. Throwing drops the datagram: the transport
 * counts it and goes on.
 */
@FunctionalInterface
public interface DatagramHandler {
  void onDatagram(ByteBuffer datagram, InetSocketAddress source);
}
