package org.pyros.ros2.rtps.endpoint;

import java.nio.ByteBuffer;
import java.util.BitSet;
import org.apache.pekko.util.ByteString;
import org.pyros.ros2.rtps.wire.NumberSet;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.Submessage.DataFrag;
import org.pyros.ros2.rtps.wire.Timestamp;

/**
 * One fragmented sample being put back together (DDS-RTPS 8.4.14.1): its bytes and which
 * fragments arrived. Created only after its size was checked against the reader's limits. Not
 * thread-safe: used under the reader's lock.
 */
final class Reassembly {
  /** What a DATA_FRAG did to it. */
  enum Outcome { ADDED, DUPLICATE, COMPLETE, INCONSISTENT }

  final long sn;
  final int sampleSize;
  final int fragmentSize;
  final int fragmentCount;
  private final byte[] bytes;
  private final BitSet received;
  private int receivedCount;
  /** Fragments the writer said it has in a HEARTBEAT_FRAG (0: none said). */
  int announcedFragments;
  ParameterList inlineQos = ParameterList.EMPTY;
  Timestamp timestamp;

  private Reassembly(long sn, int sampleSize, int fragmentSize) {
    this.sn = sn;
    this.sampleSize = sampleSize;
    this.fragmentSize = fragmentSize;
    this.fragmentCount = fragmentCount(sampleSize, fragmentSize);
    this.bytes = new byte[sampleSize];
    this.received = new BitSet(fragmentCount);
  }

  /** What a reassembly of that geometry costs in memory: counted before allocating it. */
  static long cost(long sampleSize, int fragmentSize) {
    return sampleSize + fragmentCount(sampleSize, fragmentSize) / 8 + 64;
  }

  static Reassembly start(long sn, int sampleSize, int fragmentSize) {
    return new Reassembly(sn, sampleSize, fragmentSize);
  }

  private static int fragmentCount(long sampleSize, int fragmentSize) {
    return (int) Math.min(Integer.MAX_VALUE, (sampleSize + fragmentSize - 1) / fragmentSize);
  }

  long cost() {
    return cost(sampleSize, fragmentSize);
  }

  /**
   * Why a DATA_FRAG cannot be part of any sample, or null when its geometry holds together: sizes
   * positive, fragments inside the sample, and as many bytes as its fragments need.
   */
  static String geometryError(DataFrag m) {
    long sampleSize = m.sampleSize() & 0xffffffffL;
    long start = m.fragmentStart() & 0xffffffffL;
    int count = m.fragmentCount();
    int fragmentSize = m.fragmentSize();
    if (sampleSize == 0 || fragmentSize <= 0 || start == 0 || count <= 0) {
      return "sampleSize " + sampleSize + ", fragmentSize " + fragmentSize + ", fragments " + start + "+" + count;
    }
    long begin = (start - 1) * fragmentSize;
    if (begin >= sampleSize) {
      return "fragment " + start + " of size " + fragmentSize + " lies beyond the sample's " + sampleSize + " bytes";
    }
    long expected = Math.min((long) count * fragmentSize, sampleSize - begin);
    if (m.fragments() == null || m.fragments().remaining() < expected) {
      return "fragments " + start + "+" + count + " need " + expected + " bytes, got "
          + (m.fragments() == null ? 0 : m.fragments().remaining());
    }
    return null;
  }

  /** Adds the fragments of a DATA_FRAG whose geometry {@link #geometryError checked out}. */
  Outcome add(DataFrag m) {
    if ((m.sampleSize() & 0xffffffffL) != sampleSize || m.fragmentSize() != fragmentSize) {
      return Outcome.INCONSISTENT;
    }
    int start = m.fragmentStart();
    int end = (int) Math.min(fragmentCount, (long) start + m.fragmentCount() - 1); // inclusive
    int newOnes = 0;
    for (int f = start; f <= end; f++) {
      if (!received.get(f - 1)) {
        newOnes++;
      }
    }
    if (newOnes == 0) {
      return Outcome.DUPLICATE;
    }
    int begin = (start - 1) * fragmentSize;
    int length = (int) Math.min((long) (end - start + 1) * fragmentSize, sampleSize - begin);
    ByteBuffer src = m.fragments().duplicate();
    src.limit(src.position() + length);
    // A retransmitted fragment carries the same bytes: copying over a received one is harmless.
    src.get(bytes, begin, length);
    received.set(start - 1, end);
    receivedCount += newOnes;
    if (start == 1 && m.inlineQos() != null) {
      inlineQos = Sample.copyOf(m.inlineQos());
    }
    return receivedCount == fragmentCount ? Outcome.COMPLETE : Outcome.ADDED;
  }

  /** The sample's bytes, once complete: handed over without a copy, as nothing writes them any more. */
  ByteString payload() {
    return ByteString.fromArrayUnsafe(bytes);
  }

  /** The missing fragments up to {@code available}, at most 256 from the first missing; null when none. */
  NumberSet missing(int available) {
    int upTo = Math.min(fragmentCount, available);
    int first = received.nextClearBit(0) + 1;
    if (first > upTo) {
      return null;
    }
    int last = (int) Math.min(upTo, (long) first + NumberSet.MAX_BITS - 1);
    int numBits = 0;
    int[] words = new int[NumberSet.MAX_BITS / 32];
    for (int f = first; f <= last; f++) {
      if (!received.get(f - 1)) {
        int bit = f - first;
        words[bit / 32] |= 1 << (31 - bit % 32);
        numBits = bit + 1;
      }
    }
    return new NumberSet(first, numBits, java.util.Arrays.copyOf(words, (numBits + 31) / 32));
  }
}
