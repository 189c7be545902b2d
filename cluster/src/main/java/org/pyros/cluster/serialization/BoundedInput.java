package org.pyros.cluster.serialization;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * Kryo input over the bytes of one message from another JVM that refuses a length the bytes
 * cannot hold before allocating for it. Kryo's own string and byte-array reads allocate first:
 * a few bytes claiming two billion characters would exhaust the heap (found by
 * {@code PyrosKryoFuzzTest}).
 */
final class BoundedInput extends Input {

  BoundedInput(byte[] bytes) {
    super(bytes);
  }

  @Override
  public byte[] readBytes(int length) {
    requireLeft(length, "bytes");
    return super.readBytes(length);
  }

  @Override
  public String readString() {
    // Kryo writes a string either as ASCII ending at a marked byte (read as far as the bytes
    // go), or as a flagged count of UTF-8 characters of at least one byte each.
    if (position < limit && readVarIntFlag()) {
      int start = position;
      int count = readVarIntFlag(true) - 1; // 0 is null, 1 is empty
      position = start;
      requireLeft(count, "characters");
    }
    return super.readString();
  }

  private void requireLeft(int length, String what) {
    int left = limit - position;
    if (length > left) {
      throw new KryoException("a length of " + length + " " + what + " with " + left + " bytes left");
    }
  }
}
