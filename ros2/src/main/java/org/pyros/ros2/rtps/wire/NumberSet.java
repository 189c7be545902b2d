package org.pyros.ros2.rtps.wire;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A set of sequence or fragment numbers in the window {@code [base, base + numBits)}, as ACKNACK and GAP
 * carry it (the spec's SequenceNumberSet; NACK_FRAG's FragmentNumberSet is the same with a
 * 32-bit base on the wire): bit i of the bitmap (most significant bit of word 0 first) stands for {@code base + i}.
 * At most 256 bits. Immutable.
 */
public final class NumberSet {
  public static final int MAX_BITS = 256;

  private final long base;
  private final int numBits;
  private final int[] bitmap;

  public NumberSet(long base, int numBits, int[] bitmap) {
    if (numBits < 0 || numBits > MAX_BITS) {
      throw new IllegalArgumentException("numBits must be 0.." + MAX_BITS + ", got " + numBits);
    }
    if (bitmap.length != (numBits + 31) / 32) {
      throw new IllegalArgumentException(numBits + " bits need " + (numBits + 31) / 32 + " words, got " + bitmap.length);
    }
    this.base = base;
    this.numBits = numBits;
    this.bitmap = bitmap.clone();
  }

  /** The empty set starting at {@code base} (an ACKNACK acknowledging everything before base). */
  public static NumberSet empty(long base) {
    return new NumberSet(base, 0, new int[0]);
  }

  /** A set starting at {@code base} holding the given members (each in [base, base + 256)). */
  public static NumberSet of(long base, long... members) {
    int numBits = 0;
    for (long m : members) {
      long offset = m - base;
      if (offset < 0 || offset >= MAX_BITS) {
        throw new IllegalArgumentException(m + " is outside [" + base + ", " + (base + MAX_BITS) + ")");
      }
      numBits = Math.max(numBits, (int) offset + 1);
    }
    int[] words = new int[(numBits + 31) / 32];
    for (long m : members) {
      int bit = (int) (m - base);
      words[bit / 32] |= 1 << (31 - bit % 32);
    }
    return new NumberSet(base, numBits, words);
  }

  public long base() {
    return base;
  }

  public int numBits() {
    return numBits;
  }

  public int[] bitmap() {
    return bitmap.clone();
  }

  public boolean contains(long sn) {
    long offset = sn - base;
    if (offset < 0 || offset >= numBits) {
      return false;
    }
    int bit = (int) offset;
    return (bitmap[bit / 32] & (1 << (31 - bit % 32))) != 0;
  }

  /** Calls {@code action} with each member, in increasing order. */
  public void forEach(LongConsumer action) {
    for (int bit = 0; bit < numBits; bit++) {
      if ((bitmap[bit / 32] & (1 << (31 - bit % 32))) != 0) {
        action.accept(base + bit);
      }
    }
  }

  public boolean isEmpty() {
    for (int w : bitmap) {
      if (w != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NumberSet s && s.base == base && s.numBits == numBits && Arrays.equals(s.bitmap, bitmap);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(base) * 31 + Arrays.hashCode(bitmap);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("SNSet[" + base + "/" + numBits + ":");
    forEach(sn -> b.append(' ').append(sn));
    return b.append(']').toString();
  }
}
