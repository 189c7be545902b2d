package org.pyros.gateway.rosbridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.util.ByteString;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageJson;
import org.pyros.gateway.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one connection sends to its client: rosbridge messages as JSON text (split into {@code
 * fragment}s when a fragment size is asked for) or as CBOR binary frames, queued in the
 * connection's {@link Outbox}. Status messages pass the level the client set. Thread-safe.
 */
final class ClientChannel {
  private static final Logger log = LoggerFactory.getLogger(ClientChannel.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CBORMapper CBOR = new CBORMapper();

  private final Outbox outbox;
  private final String connection;
  private final EncodedFrames frames;
  private volatile StatusLevel level = StatusLevel.ERROR;

  /** {@code frames}: the endpoint's, so that connections share the encoding of each message. */
  ClientChannel(Outbox outbox, String connection, EncodedFrames frames) {
    this.outbox = outbox;
    this.connection = connection;
    this.frames = frames;
  }

  String connection() {
    return connection;
  }

  void setLevel(StatusLevel level) {
    this.level = level;
  }

  /** Sends a reply or notice; never dropped while the connection lives. */
  void send(ObjectNode op) {
    sendText(Outbox.CONTROL, op, 0, Integer.MAX_VALUE, null);
  }

  /** Sends a status message if the client's level lets it through, and logs refusals. */
  void status(String id, StatusLevel statusLevel, String msg) {
    if (statusLevel == StatusLevel.ERROR) {
      log.info("rosbridge {}: refused{}: {}", connection, id == null ? "" : " " + id, msg);
    }
    if (statusLevel.passes(level)) {
      send(Ops.status(id, statusLevel, msg));
    }
  }

  /**
   * Queues a subscription's message as a {@code publish} op in the form it asked for, on the
   * subscription's lane; {@code fragmentId} names its fragments if it is split.
   */
  boolean publish(String topic, Message message, SubscribeOptions options, String fragmentId) {
    return switch (options.compression()) {
      case CBOR -> sendBytes(topic, frames.of(topic, options.compression(), message,
          m -> cbor(Ops.publish(topic, CborMessages.toTree(m))), b -> b.length), options.queueLength());
      case CBOR_RAW -> sendBytes(topic, frames.of(topic, options.compression(), message,
          m -> cbor(Ops.publish(topic, CborMessages.raw(Wire.of(m.type()).encode(m)))), b -> b.length),
          options.queueLength());
      case NONE -> sendString(topic, frames.of(topic, options.compression(), message,
          m -> json(Ops.publish(topic, MessageJson.toJson(m))), String::length),
          options.fragmentSize(), options.queueLength(), fragmentId);
    };
  }

  /**
   * Queues {@code op} as JSON text on {@code lane}; when {@code fragmentSize} is positive and
   * the text is longer, as fragments of that many characters, under {@code fragmentId}.
   */
  boolean sendText(String lane, ObjectNode op, int fragmentSize, int laneLimit, String fragmentId) {
    return sendString(lane, json(op), fragmentSize, laneLimit, fragmentId);
  }

  private boolean sendString(String lane, String text, int fragmentSize, int laneLimit, String fragmentId) {
    if (fragmentSize <= 0 || text.length() <= fragmentSize) {
      return outbox.offer(lane, TextMessage.create(text), text.length(), laneLimit);
    }
    int total = (text.length() + fragmentSize - 1) / fragmentSize;
    String id = fragmentId != null ? fragmentId : "fragments:" + System.identityHashCode(text) + ":" + System.nanoTime();
    // The fragments of one message share the lane: each is its own entry, so the lane must hold them all.
    int limit = laneLimit == Integer.MAX_VALUE ? laneLimit : Math.max(laneLimit, total);
    boolean sent = true;
    for (int num = 0; num < total; num++) {
      String data = text.substring(num * fragmentSize, Math.min(text.length(), (num + 1) * fragmentSize));
      String frame = Ops.fragment(id, data, num, total).toString();
      sent &= outbox.offer(lane, TextMessage.create(frame), frame.length(), limit);
    }
    return sent;
  }

  /** Queues {@code op} as one CBOR binary frame on {@code lane}. */
  boolean sendCbor(String lane, ObjectNode op, int laneLimit) {
    return sendBytes(lane, cbor(op), laneLimit);
  }

  private boolean sendBytes(String lane, byte[] bytes, int laneLimit) {
    return outbox.offer(lane, BinaryMessage.create(ByteString.fromArrayUnsafe(bytes)), bytes.length, laneLimit);
  }

  private static String json(ObjectNode op) {
    try {
      return JSON.writeValueAsString(op);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree that cannot be written", e);
    }
  }

  private static byte[] cbor(ObjectNode op) {
    try {
      return CBOR.writeValueAsBytes(op);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a CBOR tree that cannot be written", e);
    }
  }

  /** Ends the connection: the outbox is cut off, which closes the WebSocket. */
  void close(String reason) {
    log.info("rosbridge {}: closed: {}", connection, reason);
    outbox.cut(reason);
  }
}
