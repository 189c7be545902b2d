package org.pyros.ros2.rtps.endpoint;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.MessageReader;
import org.pyros.ros2.rtps.wire.ParsedMessage;
import org.pyros.ros2.rtps.wire.Received;
import org.pyros.ros2.rtps.wire.Submessage;

/** An outbox that parses what is sent back into submessages, for tests that play the remote side by hand. */
final class CapturingOutbox implements Outbox {
  private final GuidPrefix prefix;
  final List<Submessage> sent = new ArrayList<>();
  int datagrams;

  CapturingOutbox(GuidPrefix prefix) {
    this.prefix = prefix;
  }

  @Override
  public synchronized void send(List<Locator> to, ByteBuffer datagram) {
    datagrams++;
    ParsedMessage m = MessageReader.parse(datagram);
    if (m.error() != null) {
      throw new AssertionError(m.error());
    }
    for (Received r : m.submessages()) {
      if (!(r.submessage() instanceof Submessage.InfoDestination || r.submessage() instanceof Submessage.InfoTimestamp)) {
        sent.add(r.submessage());
      }
    }
  }

  @Override
  public GuidPrefix localPrefix() {
    return prefix;
  }

  synchronized <T extends Submessage> List<T> taken(Class<T> kind) {
    List<T> out = new ArrayList<>();
    sent.removeIf(s -> {
      if (kind.isInstance(s)) {
        out.add(kind.cast(s));
        return true;
      }
      return false;
    });
    return out;
  }

  synchronized void clear() {
    sent.clear();
  }
}
