package org.pyros.ros.xmlrpc;

import java.util.Map;

/**
 * One HTTP request as {@link HttpConnection} read it.
 *
 * @param method e.g. {@code POST}
 * @param headers field names in lower case
 * @param keepAlive whether the connection stays open after the answer (HTTP/1.1 unless
 *     {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive})
 */
record HttpRequest(String method, String target, Map<String, String> headers, byte[] body, boolean keepAlive) {}
