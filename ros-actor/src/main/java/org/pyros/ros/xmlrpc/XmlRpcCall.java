package org.pyros.ros.xmlrpc;

import java.util.List;

/** A decoded {@code <methodCall>}: the method name and its parameters (may contain nulls). */
public record XmlRpcCall(String method, List<Object> params) {}
