package org.pyros.ros2.rtps.endpoint;

import java.nio.ByteBuffer;
import java.util.List;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Locator;

/**
 * Where endpoints hand the datagrams they build: the participant implements it over its UDP
 * sockets.
 *
 * <p>Endpoints call {@link #send} while holding their own lock (so that a writer's samples leave
 * in sequence-number order), hence an implementation must return promptly (a UDP send, dropping
 * the datagram when the socket cannot take it) and must never call back into an endpoint on the
 * calling thread.
 */
public interface Outbox {
  /** Sends one datagram to each locator. {@code datagram} is valid during the call only. */
  void send(List<Locator> to, ByteBuffer datagram);

  /** The GUID prefix of the participant the endpoints belong to (the source of every message). */
  GuidPrefix localPrefix();
}
