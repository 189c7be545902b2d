package org.pyros.ros2.system;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.pyros.ros2.cdr.CdrFormatException;
import org.pyros.ros2.cdr.CdrReader;
import org.pyros.ros2.cdr.CdrWriter;
import org.pyros.ros2.rtps.wire.Guid;

/**
 * What a ROS 2 participant says on {@code ros_discovery_info} ({@code
 * rmw_dds_common/msg/ParticipantEntitiesInfo}): its GID and, per node, the node's name and the
 * GIDs of its readers and writers. It is how the RMWs tell which node owns a DDS endpoint.
 *
 * <p>A GID is the entity's 16-byte GUID, stored in 24 bytes (zeros after the GUID) up to Humble
 * and in 16 from Iron on; the type name is the same, so each sample is read in the form that
 * accounts for all of its bytes.
 */
record ParticipantEntitiesInfo(Guid participant, List<NodeEntities> nodes) {
  /** The DDS topic and type of the node graph. */
  static final String TOPIC = "ros_discovery_info";
  static final String TYPE = "rmw_dds_common::msg::dds_::ParticipantEntitiesInfo_";
  private static final int MAX_NAME_BYTES = 256;

  /** How long a GID is on the wire. */
  enum GidForm {
    /** 24 bytes: ROS 2 Humble and earlier. */
    HUMBLE(24),
    /** 16 bytes: ROS 2 Iron and later. */
    IRON(16);

    final int bytes;

    GidForm(int bytes) {
      this.bytes = bytes;
    }
  }

  /** One node of the participant. */
  record NodeEntities(String namespace, String name, List<Guid> readers, List<Guid> writers) {
    NodeEntities {
      readers = List.copyOf(readers);
      writers = List.copyOf(writers);
    }

    /** The node's global name: {@code /ns/name}, or {@code /name} in the root namespace. */
    String globalName() {
      return (namespace.endsWith("/") ? namespace : namespace + "/") + name;
    }
  }

  /** A sample read, and the GID form it was in. */
  record Decoded(ParticipantEntitiesInfo info, GidForm form) {}

  ParticipantEntitiesInfo {
    nodes = List.copyOf(nodes);
  }

  /** The serialized payload in that GID form (CDR little endian). */
  ByteString encode(GidForm form) {
    CdrWriter w = new CdrWriter();
    writeGid(w, participant, form);
    w.writeCount(nodes.size());
    for (NodeEntities n : nodes) {
      w.writeString(n.namespace());
      w.writeString(n.name());
      writeGids(w, n.readers(), form);
      writeGids(w, n.writers(), form);
    }
    return w.toByteString();
  }

  /**
   * Reads a sample in whichever GID form accounts for all of its bytes (the newer one first).
   *
   * @throws CdrFormatException when it is in neither
   */
  static Decoded decode(ByteString payload) {
    CdrFormatException first = null;
    for (GidForm form : List.of(GidForm.IRON, GidForm.HUMBLE)) {
      try {
        return new Decoded(decode(payload, form), form);
      } catch (CdrFormatException e) {
        first = first == null ? e : first;
      }
    }
    throw first;
  }

  private static ParticipantEntitiesInfo decode(ByteString payload, GidForm form) {
    CdrReader r = CdrReader.ofPayload(payload);
    Guid participant = readGid(r, form);
    // The least a node takes: two empty strings (a length and a NUL each) and two empty sequences.
    int count = r.readCount(5L + 5L + 4L + 4L);
    List<NodeEntities> nodes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String ns = r.readString(MAX_NAME_BYTES);
      String name = r.readString(MAX_NAME_BYTES);
      nodes.add(new NodeEntities(ns, name, readGids(r, form), readGids(r, form)));
    }
    // A payload is padded to a multiple of 4 bytes: more left over means the other form.
    if (r.remaining() > 3) {
      throw new CdrFormatException(r.remaining() + " bytes after the last node with " + form.bytes + "-byte GIDs");
    }
    return new ParticipantEntitiesInfo(participant, nodes);
  }

  private static void writeGid(CdrWriter w, Guid guid, GidForm form) {
    w.writeBytes(guid.toBytes(), 0, Guid.LENGTH);
    w.writeBytes(new byte[form.bytes - Guid.LENGTH], 0, form.bytes - Guid.LENGTH);
  }

  private static void writeGids(CdrWriter w, List<Guid> gids, GidForm form) {
    w.writeCount(gids.size());
    gids.forEach(g -> writeGid(w, g, form));
  }

  private static Guid readGid(CdrReader r, GidForm form) {
    ByteString bytes = r.readBytes(form.bytes);
    return Guid.read(bytes.asByteBuffer().order(ByteOrder.BIG_ENDIAN));
  }

  private static List<Guid> readGids(CdrReader r, GidForm form) {
    int count = r.readCount(form.bytes);
    List<Guid> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(readGid(r, form));
    }
    return out;
  }
}
