/**
 * XCDR1 as ROS 2's RMWs send plain "final" types: {@link org.pyros.ros2.cdr.CdrWriter},
 * {@link org.pyros.ros2.cdr.CdrReader}, and {@link org.pyros.ros2.cdr.CdrCodec}, the codec of core
 * {@link org.pyros.core.msg.Message}s compiled once per {@link org.pyros.ros2.msg.Ros2Type}.
 */
package org.pyros.ros2.cdr;
