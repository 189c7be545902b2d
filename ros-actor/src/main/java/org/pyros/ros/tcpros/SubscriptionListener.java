package org.pyros.ros.tcpros;

import java.util.Map;
import org.apache.pekko.util.ByteString;

/**
 * Receives what a {@link Subscription} gets from its publisher. Called on the subscription's
 * reader thread, one call at a time: return quickly (hand off heavy work), as the next message is
 * read only after the call returns.
 */
public interface SubscriptionListener {
  /** The publisher accepted us; its header carries callerid, type, md5sum, message_definition, latching. */
  default void onConnected(Map<String, String> publisherHeader) {}

  /** One serialized message (a view on the received bytes; copy it to keep it long). */
  void onMessage(ByteString message);

  /**
   * The connection ended or could not be made.
   *
   * @param willRetry true if the subscription reconnects after a backoff; false once it gave up
   *     (refused by the publisher, md5 mismatch) or was closed
   */
  default void onDisconnected(Throwable cause, boolean willRetry) {}
}
