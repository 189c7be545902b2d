package org.pyros.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** A graph command on one topic, on ROS 1 or ROS 2; on ROS 2 the topic's QoS profile can be chosen. */
abstract class TopicCommand extends GraphCommand {
  @Option(names = "--qos", paramLabel = "PROFILE",
      description = "ROS 2 only: the topic's QoS profile (default, sensor-data, latched). Without one, pub publishes "
          + "latched and echo takes what every publisher serves.")
  String qos;

  /** The topic the command is about. */
  abstract String topic();

  @Override
  boolean onRos2() {
    return true;
  }

  @Override
  Map<String, String> qosByTopic() {
    return qos == null ? Map.of() : Map.of(topic(), qos);
  }
}
