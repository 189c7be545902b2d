package org.pyros.core.system;

/** Something a system keeps running for us (a subscription, a served service, a watch) until cancelled. */
@FunctionalInterface
public interface Registration {
  /** Stops it; calling twice is harmless. */
  void cancel();
}
