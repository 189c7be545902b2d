package org.pyros.cluster.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Writes an enum constant by its name, not its ordinal (Kryo's default): a constant added
 * anywhere, or a reordering, leaves every other constant's wire form as it was. A name this
 * JVM does not know (a newer sender's constant) cannot be read.
 */
final class EnumByNameSerializer<E extends Enum<E>> extends Serializer<E> {
  private final Class<E> type;

  EnumByNameSerializer(Class<E> type) {
    super(false, true);
    this.type = type;
  }

  @Override
  public void write(Kryo kryo, Output output, E constant) {
    output.writeString(constant.name());
  }

  @Override
  public E read(Kryo kryo, Input input, Class<? extends E> ignored) {
    String name = input.readString();
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new KryoException("no " + type.getSimpleName() + " " + name + " in this version (the sender is newer?)");
    }
  }
}
