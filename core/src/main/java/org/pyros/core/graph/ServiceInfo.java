package org.pyros.core.graph;

/**
 * A service in the graph.
 *
 * @param name global name, e.g. {@code /set_flag}
 * @param type service type, e.g. {@code std_srvs/SetBool}; may be "" when the backend has not
 *     looked it up yet
 */
public record ServiceInfo(String name, String type) {}
