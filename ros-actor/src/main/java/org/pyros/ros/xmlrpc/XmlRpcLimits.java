package org.pyros.ros.xmlrpc;

/**
 * Bounds on what an XML-RPC reader accepts, so a hostile or broken peer cannot exhaust memory
 * or stack.
 *
 * @param maxBytes largest accepted document (request or response body) in bytes
 * @param maxDepth deepest accepted nesting of values (a scalar parameter has depth 1)
 */
public record XmlRpcLimits(int maxBytes, int maxDepth) {
  /** 16 MiB and 64 levels. */
  public static final XmlRpcLimits DEFAULT = new XmlRpcLimits(16 * 1024 * 1024, 64);

  public XmlRpcLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be positive, was " + maxDepth);
    }
  }
}
