package org.pyros.ros.tcpros;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.util.ByteString;

/**
 * Answers one serialized service request with a serialized response. A failed stage (or a thrown
 * exception) is sent to the caller as a ROS service error with the exception's message.
 */
@FunctionalInterface
public interface ServiceRequestHandler {
  CompletionStage<ByteString> handle(ByteString request);
}
