package org.pyros.ros2.rtps.endpoint;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.MessageReader;
import org.pyros.ros2.rtps.wire.ParsedMessage;
import org.pyros.ros2.rtps.wire.Received;
import org.pyros.ros2.rtps.wire.Submessage;

/** Parses a datagram and hands each submessage to the local endpoint it is for, as a participant does. */
final class Dispatcher {
  private Dispatcher() {}

  static void dispatch(ByteBuffer datagram, GuidPrefix local, Map<EntityId, StatefulWriter> writers,
      Map<EntityId, StatefulReader> readers, List<Submessage> log) {
    ParsedMessage m = MessageReader.parse(datagram);
    if (m.error() != null) {
      throw new AssertionError("unparsable datagram: " + m.error());
    }
    for (Received r : m.submessages()) {
      if (!r.context().isFor(local)) {
        continue;
      }
      Submessage s = r.submessage();
      if (log != null) {
        log.add(s);
      }
      if (s instanceof Submessage.Data d) {
        for (StatefulReader reader : readersFor(readers, d.readerId())) {
          reader.onData(r.context(), d);
        }
      } else if (s instanceof Submessage.DataFrag f) {
        for (StatefulReader reader : readersFor(readers, f.readerId())) {
          reader.onDataFrag(r.context(), f);
        }
      } else if (s instanceof Submessage.Heartbeat h) {
        for (StatefulReader reader : readersFor(readers, h.readerId())) {
          reader.onHeartbeat(r.context(), h);
        }
      } else if (s instanceof Submessage.HeartbeatFrag h) {
        for (StatefulReader reader : readersFor(readers, h.readerId())) {
          reader.onHeartbeatFrag(r.context(), h);
        }
      } else if (s instanceof Submessage.Gap g) {
        for (StatefulReader reader : readersFor(readers, g.readerId())) {
          reader.onGap(r.context(), g);
        }
      } else if (s instanceof Submessage.AckNack a) {
        StatefulWriter w = writers.get(a.writerId());
        if (w != null) {
          w.onAckNack(r.context().source(), a);
        }
      } else if (s instanceof Submessage.NackFrag n) {
        StatefulWriter w = writers.get(n.writerId());
        if (w != null) {
          w.onNackFrag(r.context().source(), n);
        }
      }
    }
  }

  private static List<StatefulReader> readersFor(Map<EntityId, StatefulReader> readers, EntityId id) {
    if (id.equals(EntityId.UNKNOWN)) {
      return List.copyOf(readers.values());
    }
    StatefulReader r = readers.get(id);
    return r == null ? List.of() : List.of(r);
  }
}
