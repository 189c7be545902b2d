package org.pyros.ros2.cdr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Supplier;
import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageType;
import org.pyros.ros2.msg.Ros2Type;

/**
 * Encodes and decodes the messages of one ROS 2 type as XCDR1, the way ROS 2's RMWs serialize
 * "final" types. The plan is compiled once from the type (a tree of element codecs), so a message
 * is not interpreted from field types on every call. Thread-safe and immutable.
 *
 * <p>Decoding accepts CDR_LE and CDR_BE, refuses with a {@link MessageFormatException} naming the
 * field any truncated input, bad bool, bad string, bound violation or count larger than the bytes
 * left (checked before allocating), and ignores bytes after the last field (DDS pads payloads).
 * Encoding checks bounds and fixed array lengths. Byte arrays are copied as a block, once, or not at
 * all when decoding an immutable payload.
 */
public final class CdrCodec {
  private final Ros2Type type;
  private final ElementCodecs.StructCodec root;

  private CdrCodec(Ros2Type type) {
    this.type = type;
    this.root = new ElementCodecs.StructCodec(type);
  }

  /** The codec of a ROS 2 type. */
  public static CdrCodec of(Ros2Type type) {
    return new CdrCodec(type);
  }

  /** The codec of a core type built in code (no bounds, no defaults). */
  public static CdrCodec of(MessageType type) {
    return new CdrCodec(Ros2Type.of(type));
  }

  public Ros2Type type() {
    return type;
  }

  /**
   * The serialized payload of a message: CDR_LE header then its data; a heap buffer at position 0.
   *
   * @throws MessageFormatException naming the field when a value breaks a bound or does not fit
   */
  public ByteBuffer encode(Message message) {
    CdrWriter w = new CdrWriter(ByteOrder.LITTLE_ENDIAN, 256);
    encode(message, w);
    return w.toByteBuffer();
  }

  /** The serialized payload of a message, as immutable bytes (no copy of the encoded bytes). */
  public ByteString encodeToByteString(Message message) {
    CdrWriter w = new CdrWriter(ByteOrder.LITTLE_ENDIAN, 256);
    encode(message, w);
    return w.toByteString();
  }

  /** Writes a message's data (no header) to a writer. */
  public void encode(Message message, CdrWriter w) {
    try {
      root.write(w, message);
    } catch (CodecFailure f) {
      throw f.toMessageFormatException();
    }
  }

  /**
   * The message of a serialized payload (the remaining bytes; the position is not moved).
   *
   * @throws MessageFormatException naming the field when the bytes are not a valid message
   */
  public Message decode(ByteBuffer payload) {
    return decode(() -> CdrReader.ofPayload(payload));
  }

  /**
   * The message of an immutable serialized payload; its byte arrays share the payload's bytes.
   *
   * @throws MessageFormatException naming the field when the bytes are not a valid message
   */
  public Message decode(ByteString payload) {
    return decode(() -> CdrReader.ofPayload(payload));
  }

  private Message decode(Supplier<CdrReader> payloadReader) {
    CdrReader r;
    try {
      r = payloadReader.get();
    } catch (CdrFormatException e) {
      throw new MessageFormatException("(encapsulation)", e.problem());
    }
    return decode(r);
  }

  /** Reads one message from a reader. */
  public Message decode(CdrReader r) {
    try {
      return (Message) root.read(r);
    } catch (CodecFailure f) {
      throw f.toMessageFormatException();
    }
  }

  /** The fewest bytes a message of this type takes (alignment not counted). */
  public long minSize() {
    return root.minSize();
  }
}
