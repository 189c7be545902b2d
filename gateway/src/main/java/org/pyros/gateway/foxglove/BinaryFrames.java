package org.pyros.gateway.foxglove;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/** The protocol's binary frames (little-endian), built for the client and read from it. */
final class BinaryFrames {
  static final int MESSAGE_DATA = 1;
  static final int SERVICE_CALL_RESPONSE = 3;
  static final int CLIENT_MESSAGE_DATA = 1;
  static final int SERVICE_CALL_REQUEST = 2;

  private BinaryFrames() {}

  /** A binary frame from the client. */
  sealed interface ClientFrame {}

  /** Message data the client publishes on one of its channels. */
  record ClientMessage(long channelId, ByteString payload) implements ClientFrame {}

  /** A service call. */
  record CallRequest(long serviceId, long callId, String encoding, ByteString payload) implements ClientFrame {}

  /** {@code messageData}: the payload is not copied (the header is prepended as a rope). */
  static ByteString messageData(long subscriptionId, long receiveNanos, ByteString payload) {
    ByteBuffer header = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN);
    header.put((byte) MESSAGE_DATA).putInt((int) subscriptionId).putLong(receiveNanos);
    return ByteString.fromArrayUnsafe(header.array()).concat(payload);
  }

  /** {@code serviceCallResponse}. */
  static ByteString serviceCallResponse(long serviceId, long callId, String encoding, ByteString payload) {
    byte[] enc = encoding.getBytes(StandardCharsets.UTF_8);
    ByteBuffer header = ByteBuffer.allocate(13 + enc.length).order(ByteOrder.LITTLE_ENDIAN);
    header.put((byte) SERVICE_CALL_RESPONSE).putInt((int) serviceId).putInt((int) callId).putInt(enc.length).put(enc);
    return ByteString.fromArrayUnsafe(header.array()).concat(payload);
  }

  /**
   * Reads a client's binary frame.
   *
   * @throws IllegalArgumentException when it is not one the protocol defines, or is cut short
   */
  static ClientFrame read(ByteString frame) {
    if (frame.isEmpty()) {
      throw new IllegalArgumentException("an empty binary message");
    }
    ByteBuffer in = frame.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    int op = in.get() & 0xff;
    try {
      if (op == CLIENT_MESSAGE_DATA) {
        long channel = Integer.toUnsignedLong(in.getInt());
        return new ClientMessage(channel, frame.drop(5));
      }
      if (op == SERVICE_CALL_REQUEST) {
        long service = Integer.toUnsignedLong(in.getInt());
        long call = Integer.toUnsignedLong(in.getInt());
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw new IllegalArgumentException("a service call request whose encoding length " + length + " overruns the message");
        }
        byte[] enc = new byte[length];
        in.get(enc);
        return new CallRequest(service, call, new String(enc, StandardCharsets.UTF_8), frame.drop(13 + length));
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("a binary message of opcode " + op + " cut short (" + frame.size() + " bytes)");
    }
    throw new IllegalArgumentException("unknown binary opcode " + op);
  }
}
