package org.pyros.gateway.rosbridge;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The options of a rosbridge {@code subscribe}.
 *
 * @param id the subscribe's id, or null
 * @param throttleMillis least time between two messages sent; 0 sends all
 * @param queueLength messages kept waiting for a slow client, the oldest dropped beyond
 * @param fragmentSize JSON messages longer than this are sent in fragments; 0 never
 * @param compression how messages are sent
 */
record SubscribeOptions(String id, long throttleMillis, int queueLength, int fragmentSize, Compression compression) {

  /** rosbridge's {@code compression} values this gateway sends. */
  enum Compression {
    /** JSON text. */
    NONE("none"),
    /** A CBOR binary frame, byte arrays as CBOR byte strings. */
    CBOR("cbor"),
    /** A CBOR binary frame whose {@code msg} is the message as serialized on the graph, with its receive time. */
    CBOR_RAW("cbor-raw");

    final String name;

    Compression(String name) {
      this.name = name;
    }
  }

  /**
   * The options of {@code op}, or an exception saying which one is wrong. A queue_length of 0
   * (rosbridge's default) takes {@code defaultQueueLength}.
   */
  static SubscribeOptions of(JsonNode op, int defaultQueueLength) {
    String compression = op.path("compression").asText("none");
    Compression chosen = switch (compression) {
      case "none", "" -> Compression.NONE;
      case "cbor" -> Compression.CBOR;
      case "cbor-raw" -> Compression.CBOR_RAW;
      default -> throw new IllegalArgumentException(
          "compression " + compression + " is not supported by this gateway (none, cbor and cbor-raw are)");
    };
    long throttle = nonNegative(op, "throttle_rate");
    long queue = nonNegative(op, "queue_length");
    long fragment = nonNegative(op, "fragment_size");
    return new SubscribeOptions(Ops.text(op, "id"), throttle, queue == 0 ? defaultQueueLength : (int) Math.min(queue, defaultQueueLength * 100L),
        (int) Math.min(fragment, Integer.MAX_VALUE), chosen);
  }

  private static long nonNegative(JsonNode op, String member) {
    JsonNode v = op.get(member);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isNumber() || v.asDouble() < 0) {
      throw new IllegalArgumentException(member + " must be a number of at least 0, got " + v);
    }
    return (long) v.asDouble();
  }
}
