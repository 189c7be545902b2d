package org.pyros.ros2.rtps.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.pyros.ros2.rtps.wire.Submessage.AckNack;
import org.pyros.ros2.rtps.wire.Submessage.Data;
import org.pyros.ros2.rtps.wire.Submessage.DataFrag;
import org.pyros.ros2.rtps.wire.Submessage.Gap;
import org.pyros.ros2.rtps.wire.Submessage.Heartbeat;
import org.pyros.ros2.rtps.wire.Submessage.HeartbeatFrag;
import org.pyros.ros2.rtps.wire.Submessage.InfoDestination;
import org.pyros.ros2.rtps.wire.Submessage.InfoSource;
import org.pyros.ros2.rtps.wire.Submessage.InfoTimestamp;
import org.pyros.ros2.rtps.wire.Submessage.NackFrag;
import org.pyros.ros2.rtps.wire.Submessage.Pad;

/**
 * Builds one RTPS message at a time into a reusable direct buffer of at most
 * {@code maxDatagramBytes}: the header of {@link Header#pyros}, then submessages in little
 * endian, each starting on a 4-byte boundary. A DATA or DATA_FRAG whose inline QoS is a
 * big-endian list (forwarded as received) is written big endian, since its values cannot be
 * re-ordered without knowing their types. Payloads are copied once, into the datagram buffer;
 * one whose length is not a multiple of 4 is padded, the padding counted in its encapsulation
 * options, so a reader sees up to 3 more bytes than were written.
 * Not thread-safe: one builder per sending thread or under the sender's lock.
 */
public final class MessageBuilder {
  private static final int SUBMESSAGE_HEADER = 4;
  private static final int MAX_OCTETS_TO_NEXT_HEADER = 0xffff;

  private final GuidPrefix source;
  private final ByteBuffer buf;
  private int meaningful;
  private boolean closed;

  /**
   * @param source the prefix of the sending participant, written in the header
   * @param maxDatagramBytes the largest message to build (at most 65507, UDP's limit on IPv4)
   */
  public MessageBuilder(GuidPrefix source, int maxDatagramBytes) {
    if (maxDatagramBytes < Header.LENGTH + 64 || maxDatagramBytes > 65507) {
      throw new IllegalArgumentException("maxDatagramBytes must be 84..65507, got " + maxDatagramBytes);
    }
    this.source = source;
    this.buf = ByteBuffer.allocateDirect(maxDatagramBytes).order(ByteOrder.LITTLE_ENDIAN);
    reset();
  }

  /** Starts a new message: drops every submessage added and writes the header again. */
  public void reset() {
    buf.clear();
    buf.put((byte) 'R').put((byte) 'T').put((byte) 'P').put((byte) 'S');
    buf.put((byte) Header.MAJOR).put((byte) Header.MINOR);
    buf.put((byte) (Header.PYROS_VENDOR_ID >>> 8)).put((byte) Header.PYROS_VENDOR_ID);
    source.write(buf);
    meaningful = 0;
    closed = false;
  }

  /** Adds an INFO_DST naming the participant the following submessages are for. */
  public boolean infoDestination(GuidPrefix destination) {
    return add(new InfoDestination(destination));
  }

  /** Adds an INFO_TS: the source timestamp of the following submessages ({@code null}: none). */
  public boolean infoTimestamp(Timestamp timestamp) {
    return add(new InfoTimestamp(timestamp));
  }

  /**
   * Appends a submessage; false (and nothing written) when it does not fit in what is left.
   * A submessage that does not fit even an empty message must be cut smaller (DATA_FRAG):
   * compare {@link #encodedSize} with {@link #remaining()} of a fresh message.
   *
   * @throws IllegalArgumentException for a DATA_FRAG whose fragment bytes do not match its numbers
   */
  public boolean add(Submessage s) {
    int size = encodedSize(s);
    if (closed || size > buf.remaining()) {
      return false;
    }
    validate(s);
    ByteOrder order = byteOrderOf(s);
    buf.order(order);
    int start = buf.position();
    int bodyLength = size - SUBMESSAGE_HEADER;
    // Bodies longer than 16 bits can only be last: octetsToNextHeader 0 means "to the end".
    int octetsToNext = bodyLength > MAX_OCTETS_TO_NEXT_HEADER ? 0 : bodyLength;
    buf.put((byte) id(s)).put((byte) (flags(s) | (order == ByteOrder.LITTLE_ENDIAN ? SubmessageId.FLAG_ENDIANNESS : 0)))
        .putShort((short) octetsToNext);
    writeBody(s);
    while (buf.position() < start + size) {
      buf.put((byte) 0);
    }
    buf.order(ByteOrder.LITTLE_ENDIAN);
    if (octetsToNext == 0 && bodyLength > 0) {
      closed = true;
    }
    if (!(s instanceof InfoDestination || s instanceof InfoTimestamp || s instanceof InfoSource || s instanceof Pad)) {
      meaningful++;
    }
    return true;
  }

  /** The message so far, a read-only view ready to send; valid until the next {@code add} or {@code reset}. */
  public ByteBuffer finish() {
    return buf.duplicate().flip().asReadOnlyBuffer();
  }

  /** True when nothing but INFO_DST, INFO_TS, INFO_SRC or PAD was added since the last reset: nothing worth sending. */
  public boolean isEmpty() {
    return meaningful == 0;
  }

  /** Bytes left for submessages. */
  public int remaining() {
    return closed ? 0 : buf.remaining();
  }

  /** Bytes of the message so far, header included. */
  public int size() {
    return buf.position();
  }

  /** The bytes {@code s} takes in a message, its submessage header and padding to 4 included. */
  public static int encodedSize(Submessage s) {
    int body;
    if (s instanceof Data d) {
      body = 20 + inlineQosSize(d.inlineQos()) + (d.payload() == null ? 0 : padded(d.payload().remaining()));
    } else if (s instanceof DataFrag f) {
      body = 32 + inlineQosSize(f.inlineQos()) + padded(f.fragments().remaining());
    } else if (s instanceof Heartbeat) {
      body = 28;
    } else if (s instanceof HeartbeatFrag) {
      body = 24;
    } else if (s instanceof AckNack a) {
      body = 8 + 12 + 4 * words(a.readerSnState()) + 4;
    } else if (s instanceof NackFrag n) {
      body = 8 + 8 + 8 + 4 * words(n.fragmentNumberState()) + 4;
    } else if (s instanceof Gap g) {
      body = 8 + 8 + 12 + 4 * words(g.gapList());
    } else if (s instanceof InfoTimestamp t) {
      body = t.timestamp() == null ? 0 : 8;
    } else if (s instanceof InfoSource) {
      body = 20;
    } else if (s instanceof InfoDestination) {
      body = 12;
    } else if (s instanceof Pad) {
      body = 0;
    } else {
      throw new IllegalArgumentException("unknown submessage " + s);
    }
    return SUBMESSAGE_HEADER + body;
  }

  private static ByteOrder byteOrderOf(Submessage s) {
    ParameterList qos = s instanceof Data d ? d.inlineQos() : s instanceof DataFrag f ? f.inlineQos() : null;
    return qos != null && !qos.parameters().isEmpty() ? qos.order() : ByteOrder.LITTLE_ENDIAN;
  }

  private static int id(Submessage s) {
    if (s instanceof Data) {
      return SubmessageId.DATA;
    } else if (s instanceof DataFrag) {
      return SubmessageId.DATA_FRAG;
    } else if (s instanceof Heartbeat) {
      return SubmessageId.HEARTBEAT;
    } else if (s instanceof HeartbeatFrag) {
      return SubmessageId.HEARTBEAT_FRAG;
    } else if (s instanceof AckNack) {
      return SubmessageId.ACKNACK;
    } else if (s instanceof NackFrag) {
      return SubmessageId.NACK_FRAG;
    } else if (s instanceof Gap) {
      return SubmessageId.GAP;
    } else if (s instanceof InfoTimestamp) {
      return SubmessageId.INFO_TS;
    } else if (s instanceof InfoSource) {
      return SubmessageId.INFO_SRC;
    } else if (s instanceof InfoDestination) {
      return SubmessageId.INFO_DST;
    }
    return SubmessageId.PAD;
  }

  private static int flags(Submessage s) {
    int f = 0;
    if (s instanceof Data d) {
      if (hasInlineQos(d.inlineQos())) {
        f |= SubmessageId.FLAG_INLINE_QOS;
      }
      if (d.payload() != null) {
        f |= d.keyOnly() ? SubmessageId.FLAG_KEY : SubmessageId.FLAG_DATA;
      }
    } else if (s instanceof DataFrag df) {
      if (hasInlineQos(df.inlineQos())) {
        f |= SubmessageId.FLAG_INLINE_QOS;
      }
    } else if (s instanceof Heartbeat h) {
      f |= (h.isFinal() ? SubmessageId.FLAG_FINAL : 0) | (h.liveliness() ? SubmessageId.FLAG_LIVELINESS : 0);
    } else if (s instanceof AckNack a) {
      f |= a.isFinal() ? SubmessageId.FLAG_FINAL : 0;
    } else if (s instanceof InfoTimestamp t) {
      f |= t.timestamp() == null ? SubmessageId.FLAG_INVALIDATE : 0;
    }
    return f;
  }

  private void writeBody(Submessage s) {
    if (s instanceof Data d) {
      buf.putShort((short) 0).putShort((short) 16);
      d.readerId().write(buf);
      d.writerId().write(buf);
      SequenceNumbers.write(buf, d.writerSn());
      writeInlineQos(d.inlineQos());
      if (d.payload() != null) {
        writePayload(d.payload());
      }
    } else if (s instanceof DataFrag f) {
      buf.putShort((short) 0).putShort((short) 28);
      f.readerId().write(buf);
      f.writerId().write(buf);
      SequenceNumbers.write(buf, f.writerSn());
      buf.putInt(f.fragmentStart()).putShort((short) f.fragmentCount()).putShort((short) f.fragmentSize())
          .putInt(f.sampleSize());
      writeInlineQos(f.inlineQos());
      buf.put(f.fragments().duplicate());
    } else if (s instanceof Heartbeat h) {
      h.readerId().write(buf);
      h.writerId().write(buf);
      SequenceNumbers.write(buf, h.firstSn());
      SequenceNumbers.write(buf, h.lastSn());
      buf.putInt(h.count());
    } else if (s instanceof HeartbeatFrag h) {
      h.readerId().write(buf);
      h.writerId().write(buf);
      SequenceNumbers.write(buf, h.writerSn());
      buf.putInt(h.lastFragment()).putInt(h.count());
    } else if (s instanceof AckNack a) {
      a.readerId().write(buf);
      a.writerId().write(buf);
      SequenceNumbers.write(buf, a.readerSnState().base());
      writeBits(a.readerSnState());
      buf.putInt(a.count());
    } else if (s instanceof NackFrag n) {
      n.readerId().write(buf);
      n.writerId().write(buf);
      SequenceNumbers.write(buf, n.writerSn());
      buf.putInt((int) n.fragmentNumberState().base());
      writeBits(n.fragmentNumberState());
      buf.putInt(n.count());
    } else if (s instanceof Gap g) {
      g.readerId().write(buf);
      g.writerId().write(buf);
      SequenceNumbers.write(buf, g.gapStart());
      SequenceNumbers.write(buf, g.gapList().base());
      writeBits(g.gapList());
    } else if (s instanceof InfoTimestamp t) {
      if (t.timestamp() != null) {
        buf.putInt(t.timestamp().seconds()).putInt(t.timestamp().fraction());
      }
    } else if (s instanceof InfoSource i) {
      buf.putInt(0);
      buf.put((byte) (i.protocolVersion() >>> 8)).put((byte) i.protocolVersion());
      buf.put((byte) (i.vendorId() >>> 8)).put((byte) i.vendorId());
      i.guidPrefix().write(buf);
    } else if (s instanceof InfoDestination i) {
      i.guidPrefix().write(buf);
    }
  }

  /**
   * Copies a serialized payload; when it needs padding to 4 bytes, counts the padding in the low
   * bits of its encapsulation options (DDS-XTypes 7.6.3.1.2) so that the reader can strip it.
   */
  private void writePayload(ByteBuffer payload) {
    int start = buf.position();
    int length = payload.remaining();
    buf.put(payload.duplicate());
    int padding = padded(length) - length;
    if (padding > 0 && length >= Encapsulation.LENGTH && (buf.get(start + 3) & 0x3) == 0) {
      buf.put(start + 3, (byte) (buf.get(start + 3) | padding));
    }
  }

  /** Refuses, before anything is written, what the receiver would take for a malformed submessage. */
  private static void validate(Submessage s) {
    if (s instanceof DataFrag f) {
      long expected;
      try {
        expected = FragmentLayout.bytes(f.fragmentStart() & 0xffffffffL, f.fragmentCount(), f.fragmentSize(),
            f.sampleSize() & 0xffffffffL);
      } catch (RtpsFormatException e) {
        throw new IllegalArgumentException(e.getMessage());
      }
      if (f.fragments().remaining() != expected || f.fragmentCount() > 0xffff || f.fragmentSize() > 0xffff) {
        throw new IllegalArgumentException("DATA_FRAG with " + f.fragments().remaining() + " bytes of fragments, "
            + expected + " expected");
      }
    }
  }

  private void writeBits(NumberSet set) {
    buf.putInt(set.numBits());
    for (int w : set.bitmap()) {
      buf.putInt(w);
    }
  }

  private void writeInlineQos(ParameterList qos) {
    if (!hasInlineQos(qos)) {
      return;
    }
    for (Parameter p : qos.parameters()) {
      ByteBuffer v = p.view();
      int length = v.remaining();
      buf.putShort((short) p.id()).putShort((short) padded(length)).put(v);
      for (int i = length; i < padded(length); i++) {
        buf.put((byte) 0);
      }
    }
    buf.putShort((short) ParameterId.PID_SENTINEL).putShort((short) 0);
  }

  private static boolean hasInlineQos(ParameterList qos) {
    return qos != null && !qos.parameters().isEmpty();
  }

  private static int inlineQosSize(ParameterList qos) {
    if (!hasInlineQos(qos)) {
      return 0;
    }
    int size = 4;
    for (Parameter p : qos.parameters()) {
      int length = padded(p.value().remaining());
      if (length > 0xffff) {
        throw new IllegalArgumentException("inline QoS parameter of " + length + " bytes");
      }
      size += 4 + length;
    }
    return size;
  }

  private static int words(NumberSet set) {
    return (set.numBits() + 31) / 32;
  }

  private static int padded(int n) {
    return (n + 3) & ~3;
  }
}
