package org.pyros.cli;

import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where the ROS master is and how long to wait for the graph; shared by the graph commands. */
final class ConnectionOptions {
  static final String DEFAULT_MASTER = "http://127.0.0.1:11311/";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--master", paramLabel = "URI",
      description = "The ROS master (default: $ROS_MASTER_URI, else " + DEFAULT_MASTER + ").")
  String master;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "5",
      description = "How long to wait for the Pyros node to learn the graph (default: ${DEFAULT-VALUE}).")
  double waitSeconds;

  /** The master's URI: --master, else ROS_MASTER_URI, else the default; a usage error when malformed. */
  URI masterUri() {
    String text = master != null ? master : System.getenv().getOrDefault("ROS_MASTER_URI", DEFAULT_MASTER);
    String from = master != null ? "--master" : "ROS_MASTER_URI";
    URI uri;
    try {
      uri = URI.create(text.trim());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), from + " is not a URI: " + text);
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
      throw new ParameterException(spec.commandLine(), from + " must look like http://HOST:PORT/, not " + text);
    }
    return uri;
  }

  Duration graphWait() {
    if (!(waitSeconds >= 0) || waitSeconds > 3600) {
      throw new ParameterException(spec.commandLine(), "--wait must be between 0 and 3600 seconds");
    }
    return Duration.ofMillis((long) (waitSeconds * 1000));
  }
}
