package org.pyros.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --ros2 [--domain N] [--peer HOST[:PORT]]...}: run the command on a ROS 2 domain. */
final class Ros2Options {
  @Option(names = "--ros2", required = true, description = "Run on a ROS 2 domain instead of a ROS 1 master.")
  boolean enabled;

  @Option(names = "--domain", paramLabel = "ID",
      description = "ROS 2 domain id (default: $ROS_DOMAIN_ID, else 0).")
  Integer domain;

  @Option(names = "--peer", paramLabel = "HOST[:PORT]",
      description = "Where to look for other participants (repeatable; default: 127.0.0.1). HOST alone tries every "
          + "participant index of the domain on it.")
  List<String> peers = new ArrayList<>();
}
