package org.pyros.ros2.rtps.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
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
 * Parses RTPS messages (DDS-RTPS 8.3, 9.4) as the spec's message receiver reads them: each
 * submessage in its own byte order, INFO_SRC / INFO_DST / INFO_TS applied to the state that the
 * following submessages carry, unknown and vendor-specific submessages skipped, and the rest of
 * the message ignored after an invalid submessage. Stateless and thread-safe.
 */
public final class MessageReader {
  private static final int DATA_FIXED = 20;
  private static final int DATA_FRAG_FIXED = 32;
  /** octetsToInlineQos of DATA / DATA_FRAG as this version lays them out. */
  private static final int DATA_INLINE_QOS_OFFSET = 16;
  private static final int DATA_FRAG_INLINE_QOS_OFFSET = 28;

  private MessageReader() {}

  /**
   * Parses the bytes from the datagram's position to its limit, without moving its position.
   * Payloads, fragments and inline QoS values in the result are read-only views of
   * {@code datagram}: valid as long as its bytes are.
   *
   * @throws RtpsFormatException when the bytes are not an RTPS message (too short for the
   *     header, or no "RTPS" magic); any other defect is reported in {@link ParsedMessage#error()}
   */
  public static ParsedMessage parse(ByteBuffer datagram) {
    ByteBuffer msg = datagram.slice().order(ByteOrder.BIG_ENDIAN);
    int end = msg.limit();
    if (end < Header.LENGTH) {
      throw new RtpsFormatException("not an RTPS message: " + end + " bytes, a header has " + Header.LENGTH);
    }
    if (msg.get(0) != 'R' || msg.get(1) != 'T' || msg.get(2) != 'P' || msg.get(3) != 'S') {
      throw new RtpsFormatException(String.format("not an RTPS message: magic %02x%02x%02x%02x", msg.get(0),
          msg.get(1), msg.get(2), msg.get(3)));
    }
    int major = msg.get(4) & 0xff;
    int minor = msg.get(5) & 0xff;
    int vendor = ((msg.get(6) & 0xff) << 8) | (msg.get(7) & 0xff);
    GuidPrefix prefix = GuidPrefix.read(msg.position(8));
    Header header = new Header(major, minor, vendor, prefix);
    List<Received> out = new ArrayList<>(4);
    if (major != Header.MAJOR) {
      return new ParsedMessage(header, out, "unsupported RTPS major version " + major + "." + minor);
    }
    GuidPrefix source = prefix;
    GuidPrefix destination = GuidPrefix.UNKNOWN;
    Timestamp timestamp = null;
    int vendorId = vendor;
    int pos = Header.LENGTH;
    while (pos < end) {
      if (end - pos < 4) {
        return new ParsedMessage(header, out, "truncated submessage header at offset " + pos);
      }
      int id = msg.get(pos) & 0xff;
      int flags = msg.get(pos + 1) & 0xff;
      boolean little = (flags & SubmessageId.FLAG_ENDIANNESS) != 0;
      ByteOrder order = little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
      int b0 = msg.get(pos + 2) & 0xff;
      int b1 = msg.get(pos + 3) & 0xff;
      int length = little ? (b1 << 8) | b0 : (b0 << 8) | b1;
      int bodyStart = pos + 4;
      int bodyLength;
      if (length == 0 && id != SubmessageId.PAD && id != SubmessageId.INFO_TS) {
        bodyLength = end - bodyStart; // the last submessage, up to the end of the message
      } else if (length > end - bodyStart) {
        return new ParsedMessage(header, out, String.format("submessage 0x%02x at offset %d claims %d bytes, %d left",
            id, pos, length, end - bodyStart));
      } else {
        bodyLength = length;
      }
      Submessage s;
      try {
        s = decode(id, flags, msg.slice(bodyStart, bodyLength).order(order));
      } catch (RtpsFormatException | BufferUnderflowException | IllegalArgumentException e) {
        String why = e instanceof BufferUnderflowException ? "too short" : e.getMessage();
        return new ParsedMessage(header, out, String.format("submessage 0x%02x at offset %d: %s", id, pos, why));
      }
      pos = bodyStart + bodyLength;
      if (s == null) {
        continue;
      }
      if (s instanceof InfoSource i) {
        source = i.guidPrefix();
        vendorId = i.vendorId();
        timestamp = null;
      } else if (s instanceof InfoDestination i) {
        destination = i.guidPrefix();
      } else if (s instanceof InfoTimestamp i) {
        timestamp = i.timestamp();
      }
      out.add(new Received(new ReceiveContext(source, destination, timestamp, vendorId), s));
    }
    return new ParsedMessage(header, out, null);
  }

  /** The submessage in {@code body} (positioned at 0, in the submessage's byte order); null when skipped. */
  private static Submessage decode(int id, int flags, ByteBuffer body) {
    return switch (id) {
      case SubmessageId.DATA -> data(flags, body);
      case SubmessageId.DATA_FRAG -> dataFrag(flags, body);
      case SubmessageId.HEARTBEAT -> heartbeat(flags, body);
      case SubmessageId.HEARTBEAT_FRAG -> heartbeatFrag(body);
      case SubmessageId.ACKNACK -> ackNack(flags, body);
      case SubmessageId.NACK_FRAG -> nackFrag(body);
      case SubmessageId.GAP -> gap(body);
      case SubmessageId.INFO_TS -> (flags & SubmessageId.FLAG_INVALIDATE) != 0 ? new InfoTimestamp(null)
          : new InfoTimestamp(new Timestamp(body.getInt(), body.getInt()));
      case SubmessageId.INFO_SRC -> infoSource(body);
      case SubmessageId.INFO_DST -> new InfoDestination(GuidPrefix.read(body));
      case SubmessageId.PAD -> new Pad();
      default -> null; // INFO_REPLY and the like, and vendor-specific ids: skipped
    };
  }

  private static Data data(int flags, ByteBuffer body) {
    if (body.remaining() < DATA_FIXED) {
      throw new RtpsFormatException("DATA of " + body.remaining() + " bytes");
    }
    body.getShort(); // extra flags: none defined
    int toInlineQos = body.getShort() & 0xffff;
    EntityId reader = EntityId.read(body);
    EntityId writer = EntityId.read(body);
    long sn = SequenceNumbers.read(body);
    requirePositive(sn, "writerSN");
    ParameterList inlineQos = inlineQos(flags, body, toInlineQos, DATA_INLINE_QOS_OFFSET);
    boolean data = (flags & SubmessageId.FLAG_DATA) != 0;
    boolean key = (flags & SubmessageId.FLAG_KEY) != 0;
    if (data && key) {
      throw new RtpsFormatException("DATA with both the data and the key flag");
    }
    ByteBuffer payload = data || key ? body.slice(body.position(), body.remaining()).asReadOnlyBuffer() : null;
    return new Data(reader, writer, sn, inlineQos, payload, key);
  }

  private static DataFrag dataFrag(int flags, ByteBuffer body) {
    if (body.remaining() < DATA_FRAG_FIXED) {
      throw new RtpsFormatException("DATA_FRAG of " + body.remaining() + " bytes");
    }
    body.getShort();
    int toInlineQos = body.getShort() & 0xffff;
    EntityId reader = EntityId.read(body);
    EntityId writer = EntityId.read(body);
    long sn = SequenceNumbers.read(body);
    requirePositive(sn, "writerSN");
    long start = body.getInt() & 0xffffffffL;
    int count = body.getShort() & 0xffff;
    int size = body.getShort() & 0xffff;
    long sampleSize = body.getInt() & 0xffffffffL;
    long expected = FragmentLayout.bytes(start, count, size, sampleSize); // throws if inconsistent
    ParameterList inlineQos = inlineQos(flags, body, toInlineQos, DATA_FRAG_INLINE_QOS_OFFSET);
    if (body.remaining() < expected) {
      throw new RtpsFormatException("DATA_FRAG holds " + body.remaining() + " bytes of fragments, " + expected
          + " expected");
    }
    // Trailing bytes past the fragments are the sender's padding to 4.
    ByteBuffer fragments = body.slice(body.position(), (int) expected).asReadOnlyBuffer();
    return new DataFrag(reader, writer, sn, (int) start, count, size, (int) sampleSize, inlineQos, fragments);
  }

  private static ParameterList inlineQos(int flags, ByteBuffer body, int toInlineQos, int fixedOffset) {
    // octetsToInlineQos counts from the byte after it: skip fields a later version may add.
    if (toInlineQos < fixedOffset || 4 + toInlineQos > body.limit()) {
      throw new RtpsFormatException("octetsToInlineQos " + toInlineQos + " outside the submessage");
    }
    body.position(4 + toInlineQos);
    if ((flags & SubmessageId.FLAG_INLINE_QOS) == 0) {
      return ParameterList.EMPTY;
    }
    ParameterList qos = ParameterLists.read(body, body.order());
    return qos.parameters().isEmpty() ? ParameterList.EMPTY : qos;
  }

  private static Heartbeat heartbeat(int flags, ByteBuffer body) {
    EntityId reader = EntityId.read(body);
    EntityId writer = EntityId.read(body);
    long first = SequenceNumbers.read(body);
    long last = SequenceNumbers.read(body);
    int count = body.getInt();
    // DDS-RTPS 8.3.7.5.3; an empty writer announces [1, 0]. Group information (flag G) follows: ignored.
    if (first < 1 || last < 0 || last < first - 1) {
      throw new RtpsFormatException("HEARTBEAT of [" + first + ", " + last + "]");
    }
    return new Heartbeat(reader, writer, first, last, count, (flags & SubmessageId.FLAG_FINAL) != 0,
        (flags & SubmessageId.FLAG_LIVELINESS) != 0);
  }

  private static HeartbeatFrag heartbeatFrag(ByteBuffer body) {
    EntityId reader = EntityId.read(body);
    EntityId writer = EntityId.read(body);
    long sn = SequenceNumbers.read(body);
    requirePositive(sn, "writerSN");
    int lastFragment = body.getInt();
    int count = body.getInt();
    if (lastFragment == 0) {
      throw new RtpsFormatException("HEARTBEAT_FRAG with lastFragmentNum 0");
    }
    return new HeartbeatFrag(reader, writer, sn, lastFragment, count);
  }

  private static AckNack ackNack(int flags, ByteBuffer body) {
    EntityId reader = EntityId.read(body);
    EntityId writer = EntityId.read(body);
    NumberSet state = numberSet(body, SequenceNumbers.read(body));
    int count = body.getInt();
    return new AckNack(reader, writer, state, count, (flags & SubmessageId.FLAG_FINAL) != 0);
  }

  private static NackFrag nackFrag(ByteBuffer body) {
    EntityId reader = EntityId.read(body);
    EntityId writer = EntityId.read(body);
    long sn = SequenceNumbers.read(body);
    requirePositive(sn, "writerSN");
    NumberSet state = numberSet(body, body.getInt() & 0xffffffffL);
    int count = body.getInt();
    return new NackFrag(reader, writer, sn, state, count);
  }

  private static Gap gap(ByteBuffer body) {
    EntityId reader = EntityId.read(body);
    EntityId writer = EntityId.read(body);
    long start = SequenceNumbers.read(body);
    requirePositive(start, "gapStart");
    NumberSet list = numberSet(body, SequenceNumbers.read(body));
    return new Gap(reader, writer, start, list);
  }

  private static InfoSource infoSource(ByteBuffer body) {
    body.getInt(); // unused
    int version = ((body.get() & 0xff) << 8) | (body.get() & 0xff);
    int vendor = ((body.get() & 0xff) << 8) | (body.get() & 0xff);
    return new InfoSource(version, vendor, GuidPrefix.read(body));
  }

  /** The rest of a SequenceNumberSet / FragmentNumberSet after its base: numBits, then the bitmap words. */
  private static NumberSet numberSet(ByteBuffer body, long base) {
    // The spec wants a base of at least 1, but Fast DDS's first ACKNACK of a reader that has
    // received nothing carries base 0 with no bits: accepted.
    if (base < 0) {
      throw new RtpsFormatException("bitmapBase " + base + " is negative");
    }
    int numBits = body.getInt();
    if (numBits < 0 || numBits > NumberSet.MAX_BITS) {
      throw new RtpsFormatException("number set of " + (numBits & 0xffffffffL) + " bits");
    }
    int[] words = new int[(numBits + 31) / 32];
    for (int i = 0; i < words.length; i++) {
      words[i] = body.getInt();
    }
    if (numBits % 32 != 0) {
      // Bits past numBits mean nothing (8.3.5.5): cleared, so that isEmpty and equality hold.
      words[words.length - 1] &= -1 << (32 - numBits % 32);
    }
    return new NumberSet(base, numBits, words);
  }

  private static void requirePositive(long sn, String what) {
    if (sn < 1) {
      throw new RtpsFormatException(what + " " + sn + " is not positive");
    }
  }
}
