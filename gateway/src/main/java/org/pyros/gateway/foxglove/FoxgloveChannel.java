package org.pyros.gateway.foxglove;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.util.ByteString;
import org.pyros.gateway.rosbridge.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one Foxglove connection sends: JSON operations on the outbox's control lane, message
 * frames on their subscription's lane. Thread-safe (subscriptions and calls answer from their
 * own threads).
 */
final class FoxgloveChannel {
  private static final Logger log = LoggerFactory.getLogger(FoxgloveChannel.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The protocol's status levels. */
  enum Level { INFO, WARNING, ERROR }

  private final Outbox outbox;
  private final String connection;

  FoxgloveChannel(Outbox outbox, String connection) {
    this.outbox = outbox;
    this.connection = connection;
  }

  /** Sends a JSON operation; never dropped while the connection lives. */
  void send(ObjectNode op) {
    String text;
    try {
      text = JSON.writeValueAsString(op);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree that cannot be written", e);
    }
    outbox.offer(Outbox.CONTROL, TextMessage.create(text), text.length(), Integer.MAX_VALUE);
  }

  /** Sends a {@code status}; errors are logged as refusals. */
  void status(Level level, String message) {
    if (level == Level.ERROR) {
      log.info("foxglove {}: refused: {}", connection, message);
    }
    send(JSON.createObjectNode().put("op", "status").put("level", level.ordinal()).put("message", message));
  }

  /** Queues a binary frame on {@code lane}, keeping at most {@code laneLimit} there (the oldest dropped). */
  void sendBinary(String lane, ByteString frame, int laneLimit) {
    outbox.offer(lane, BinaryMessage.create(frame), frame.size(), laneLimit);
  }

  /** Queues a binary frame that must not be dropped (a service response). */
  void sendBinary(ByteString frame) {
    sendBinary(Outbox.CONTROL, frame, Integer.MAX_VALUE);
  }

  /** Ends the connection: the outbox is cut off, which closes the WebSocket. */
  void close(String reason) {
    log.info("foxglove {}: closed: {}", connection, reason);
    outbox.cut(reason);
  }
}
