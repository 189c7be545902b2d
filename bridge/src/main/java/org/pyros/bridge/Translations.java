package org.pyros.bridge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pyros.core.msg.MessageType;

/** The translations planned so far, one per type pair and direction; thread-safe. */
public final class Translations {
  private record Key(MessageType source, MessageType target, Direction direction, boolean servicePart) {}

  private final Map<Key, Translation> plans = new ConcurrentHashMap<>();

  /**
   * The translation of that pair, planned on first use.
   *
   * @throws UnmappableTypeException naming the field when the pair cannot be translated
   */
  public Translation of(MessageType source, MessageType target, Direction direction) {
    return of(new Key(source, target, direction, false));
  }

  /**
   * The translation of a service's request or response pair ({@link Translation#planServicePart}),
   * planned on first use.
   *
   * @throws UnmappableTypeException naming the field when the pair cannot be translated
   */
  public Translation ofServicePart(MessageType source, MessageType target, Direction direction) {
    return of(new Key(source, target, direction, true));
  }

  private Translation of(Key key) {
    Translation known = plans.get(key);
    if (known != null) {
      return known;
    }
    Translation planned = key.servicePart() ? Translation.planServicePart(key.source(), key.target(), key.direction())
        : Translation.plan(key.source(), key.target(), key.direction());
    Translation raced = plans.putIfAbsent(key, planned);
    return raced != null ? raced : planned;
  }
}
