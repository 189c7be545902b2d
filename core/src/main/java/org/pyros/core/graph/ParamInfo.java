package org.pyros.core.graph;

/** A parameter in the graph, by its global name, e.g. {@code /robot/max_speed}. */
public record ParamInfo(String name) {}
