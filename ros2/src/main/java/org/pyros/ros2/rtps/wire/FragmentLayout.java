package org.pyros.ros2.rtps.wire;

/** The fragment arithmetic of DATA_FRAG (DDS-RTPS 8.3.7.3), fragments numbered from 1. */
public final class FragmentLayout {
  private FragmentLayout() {}

  /** How many fragments of {@code fragmentSize} bytes a sample of {@code sampleSize} bytes has. */
  public static long fragmentCount(long sampleSize, int fragmentSize) {
    return (sampleSize + fragmentSize - 1) / fragmentSize;
  }

  /**
   * The bytes that fragments {@code [start, start + count)} of the sample hold.
   *
   * @throws RtpsFormatException when the numbers do not describe fragments of the sample (the
   *     spec's validity rules: a fragment size of at least 1 and at most the sample size, the
   *     fragments inside the sample)
   */
  public static long bytes(long start, int count, int fragmentSize, long sampleSize) {
    if (fragmentSize < 1 || fragmentSize > sampleSize) {
      throw new RtpsFormatException("fragment size " + fragmentSize + " for a sample of " + sampleSize + " bytes");
    }
    if (sampleSize > Integer.MAX_VALUE) {
      throw new RtpsFormatException("sample of " + sampleSize + " bytes");
    }
    long total = fragmentCount(sampleSize, fragmentSize);
    if (start < 1 || count < 1 || start + count - 1 > total) {
      throw new RtpsFormatException("fragments " + start + ".." + (start + count - 1) + " of " + total);
    }
    long from = (start - 1) * fragmentSize;
    return Math.min((long) count * fragmentSize, sampleSize - from);
  }
}
