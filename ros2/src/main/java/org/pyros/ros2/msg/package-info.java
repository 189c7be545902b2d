/**
 * ROS 2 interface types: the {@code .msg}/{@code .srv} parser ({@link org.pyros.ros2.msg.InterfaceTextParser}),
 * the registry with the bundled definitions of the common packages ({@link org.pyros.ros2.msg.Ros2Types}),
 * and every ROS 2 ↔ DDS name ({@link org.pyros.ros2.msg.Ros2Names}). Types are core
 * {@link org.pyros.core.msg.MessageType}s; what core cannot hold is kept on {@link org.pyros.ros2.msg.Ros2Field}s.
 */
package org.pyros.ros2.msg;
