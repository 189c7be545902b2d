/**
 * RTPS endpoints (DDS-RTPS 8.4): {@link org.pyros.ros2.rtps.endpoint.StatefulWriter} and
 * {@link org.pyros.ros2.rtps.endpoint.StatefulReader}, reliable and best effort, with their
 * history, fragmentation and reassembly. They know nothing of sockets or discovery: the
 * participant hands them what it received ({@code on*}), the time ({@code onTimer}) and an
 * {@link org.pyros.ros2.rtps.endpoint.Outbox} to send through, and matches them with remote
 * endpoints ({@code addReader}, {@code addWriter}).
 */
package org.pyros.ros2.rtps.endpoint;
