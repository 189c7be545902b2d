package org.pyros.ros.xmlrpc;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Serves one XML-RPC method. Parameters and the result use the Java mapping of {@link
 * XmlRpcWriter}. Throwing (or completing exceptionally) answers with a fault; an {@link
 * XmlRpcFaultException} chooses the fault code and text.
 */
@FunctionalInterface
public interface XmlRpcHandler {
  CompletionStage<Object> handle(List<Object> params);
}
