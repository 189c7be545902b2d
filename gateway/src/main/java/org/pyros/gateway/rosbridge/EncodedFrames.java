package org.pyros.gateway.rosbridge;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.pyros.core.msg.Message;

/**
 * The last message of each topic encoded for the wire, per form, shared by every connection of
 * an endpoint: the node hands the same message to each subscriber, so ten clients of a 1 MB
 * image topic cost one encoding per image, not ten. Holds at most {@code maxBytes} of frames
 * (least recently used go first; a frame larger than that is not kept). Thread-safe.
 */
final class EncodedFrames {
  private record Key(String topic, SubscribeOptions.Compression form) {}

  private record Frame(Message message, Object encoded, int bytes) {}

  private final long maxBytes;
  private final LinkedHashMap<Key, Frame> frames = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  EncodedFrames(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * {@code message} of {@code topic} in {@code form}: the frame already made for this very
   * message, or {@code encode}'s, kept for the next connection. Encoding runs outside the lock:
   * connections that race on a new message may each encode it once.
   */
  @SuppressWarnings("unchecked")
  <T> T of(String topic, SubscribeOptions.Compression form, Message message, Function<Message, T> encode, ToIntFunction<T> size) {
    Key key = new Key(topic, form);
    synchronized (this) {
      Frame f = frames.get(key);
      if (f != null && f.message() == message) {
        return (T) f.encoded();
      }
    }
    T encoded = encode.apply(message);
    keep(key, new Frame(message, encoded, size.applyAsInt(encoded)));
    return encoded;
  }

  private synchronized void keep(Key key, Frame frame) {
    Frame old = frames.remove(key);
    if (old != null) {
      bytes -= old.bytes();
    }
    if (frame.bytes() > maxBytes) {
      return;
    }
    frames.put(key, frame);
    bytes += frame.bytes();
    for (Iterator<Map.Entry<Key, Frame>> it = frames.entrySet().iterator(); bytes > maxBytes && it.hasNext(); ) {
      bytes -= it.next().getValue().bytes();
      it.remove();
    }
  }

  synchronized long bytes() {
    return bytes;
  }
}
