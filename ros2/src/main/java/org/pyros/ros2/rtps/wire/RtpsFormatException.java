package org.pyros.ros2.rtps.wire;

/**
 * Bytes that are not what they claim to be: a datagram that is not an RTPS message at all, or a
 * parameter list or discovery payload that cannot be decoded. Unchecked, so that a receive loop
 * catches it in one place.
 */
public class RtpsFormatException extends RuntimeException {
  public RtpsFormatException(String message) {
    super(message);
  }
}
