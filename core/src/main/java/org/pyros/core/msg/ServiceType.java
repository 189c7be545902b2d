package org.pyros.core.msg;

/**
 * The description of a service type: its name ({@code pkg/Name}) and the request and response
 * message types (named {@code pkg/NameRequest} and {@code pkg/NameResponse}, as ROS does).
 */
public record ServiceType(String name, MessageType request, MessageType response) {}
