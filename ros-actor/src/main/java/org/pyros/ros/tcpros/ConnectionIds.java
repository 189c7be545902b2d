package org.pyros.ros.tcpros;

import java.util.concurrent.atomic.AtomicInteger;

/** Numbers the node's topic connections, as getBusInfo and getBusStats name them. */
final class ConnectionIds {
  private static final AtomicInteger last = new AtomicInteger();

  private ConnectionIds() {}

  static int next() {
    return last.incrementAndGet();
  }
}
