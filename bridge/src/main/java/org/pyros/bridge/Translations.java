package org.pyros.bridge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pyros.core.msg.MessageType;

/** The translations planned so far, one per type pair and direction; thread-safe. */
public final class Translations {
  private record Key(MessageType source, MessageType target, Direction direction) {}

  private final Map<Key, Translation> plans = new ConcurrentHashMap<>();

  /**
   * The translation of that pair, planned on first use.
   *
   * @throws UnmappableTypeException naming the field when the pair cannot be translated
   */
  public Translation of(MessageType source, MessageType target, Direction direction) {
    Key key = new Key(source, target, direction);
    Translation known = plans.get(key);
    if (known != null) {
      return known;
    }
    Translation planned = Translation.plan(source, target, direction);
    plans.putIfAbsent(key, planned);
    return planned;
  }
}
