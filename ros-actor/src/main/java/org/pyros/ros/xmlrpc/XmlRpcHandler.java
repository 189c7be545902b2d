package org.pyros.ros.xmlrpc;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Serves one XML-RPC method. Parameters and the result use the Java mapping of {@link
 * XmlRpcWriter}. Throwing (or completing exceptionally) answers with a fault; an {@link
 * XmlRpcFaultException} chooses the fault code and text. It runs on one of the server's few
 * threads: do slow work asynchronously and return a stage instead of blocking.
 */
@FunctionalInterface
public interface XmlRpcHandler {
  CompletionStage<Object> handle(List<Object> params);
}
