package org.pyros.gateway.rosbridge;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;

/** A WebSocket message from the client, read whole up to a size limit. */
public sealed interface Inbound {
  /** A text message (rosbridge JSON). */
  record Text(String text) implements Inbound {}

  /** A binary message (rosbridge CBOR). */
  record Binary(ByteString bytes) implements Inbound {}

  /** A message longer than the limit; its content was read and dropped. */
  record TooLarge(long size, long limit) implements Inbound {}

  /**
   * Reads {@code message} whole when it is at most {@code limit} long (characters for text,
   * bytes for binary); a longer one is read to its end and dropped, so the connection goes on.
   */
  public static CompletionStage<Inbound> read(Message message, int limit, Materializer materializer) {
    if (message.isText()) {
      var text = message.asTextMessage();
      if (text.isStrict()) {
        String s = text.getStrictText();
        return CompletableFuture.completedFuture(s.length() <= limit ? new Text(s) : new TooLarge(s.length(), limit));
      }
      return text.getStreamedText()
          .runFold(new TextSoFar(new StringBuilder(), 0, limit), TextSoFar::add, materializer)
          .thenApply(TextSoFar::result);
    }
    BinaryMessage binary = message.asBinaryMessage();
    if (binary.isStrict()) {
      ByteString b = binary.getStrictData();
      return CompletableFuture.completedFuture(b.size() <= limit ? new Binary(b) : new TooLarge(b.size(), limit));
    }
    return binary.getStreamedData()
        .runFold(new BytesSoFar(ByteString.emptyByteString(), 0, limit), BytesSoFar::add, materializer)
        .thenApply(BytesSoFar::result);
  }

  /** Text read so far; past the limit only its length is kept. */
  record TextSoFar(StringBuilder text, long size, long limit) {
    TextSoFar add(String chunk) {
      long next = size + chunk.length();
      if (next <= limit) {
        text.append(chunk);
      } else if (text.length() > 0) {
        text.setLength(0);
      }
      return new TextSoFar(text, next, limit);
    }

    Inbound result() {
      return size <= limit ? new Text(text.toString()) : new TooLarge(size, limit);
    }
  }

  /** Bytes read so far; past the limit only their count is kept. */
  record BytesSoFar(ByteString bytes, long size, long limit) {
    BytesSoFar add(ByteString chunk) {
      long next = size + chunk.size();
      return new BytesSoFar(next <= limit ? bytes.concat(chunk) : ByteString.emptyByteString(), next, limit);
    }

    Inbound result() {
      return size <= limit ? new Binary(bytes) : new TooLarge(size, limit);
    }
  }
}
