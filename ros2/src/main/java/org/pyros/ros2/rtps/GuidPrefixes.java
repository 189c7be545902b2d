package org.pyros.ros2.rtps;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Header;

/**
 * Makes the GUID prefixes of this JVM's participants: the vendor id first (as Cyclone and Fast
 * DDS do, so a prefix says who made it), then random bytes chosen once per JVM, the process id
 * and a counter, so that prefixes differ between participants, processes and hosts.
 */
final class GuidPrefixes {
  private static final int RANDOM = new SecureRandom().nextInt();
  private static final int PID = (int) ProcessHandle.current().pid();
  private static final AtomicInteger COUNTER = new AtomicInteger(new SecureRandom().nextInt(1 << 16));

  private GuidPrefixes() {}

  static GuidPrefix next() {
    int vendor = Header.PYROS_VENDOR_ID;
    int count = COUNTER.incrementAndGet();
    // bytes 0-1 vendor, 2-5 random, 6-9 pid, 10-11 counter
    long high = ((long) (vendor & 0xffff) << 48) | ((RANDOM & 0xffffffffL) << 16) | ((PID >>> 16) & 0xffff);
    int low = ((PID & 0xffff) << 16) | (count & 0xffff);
    return new GuidPrefix(high, low);
  }
}
