package org.pyros.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.pyros.ros.master.EmbeddedMaster;
import picocli.CommandLine.Command;

/**
 * {@code pyros train-class-archive} (hidden): what {@code bin/pyros} runs once, with the JVM
 * writing a class-data sharing archive at exit, so that the archive holds the classes a graph
 * command loads. It runs a few commands against an embedded master of its own, on a free
 * loopback port, and prints nothing unless one fails.
 */
@Command(name = "train-class-archive", hidden = true, description = "Run sample commands for bin/pyros's class-data sharing archive.")
final class ClassArchiveTraining implements Callable<Integer> {
  private static final List<List<String>> COMMANDS = List.of(
      List.of("param", "set", "/pyros_training/gain", "2.5"),
      List.of("param", "get", "/pyros_training/gain"),
      List.of("topics"),
      List.of("services"),
      // A node's start and stop, for the commands that run one (pub, echo, call).
      List.of("pub", "/pyros_training/chatter", "std_msgs/String", "{\"data\": \"x\"}", "-n", "1", "--linger", "0"));

  @Override
  public Integer call() throws Exception {
    try (EmbeddedMaster master = EmbeddedMaster.start()) {
      for (List<String> command : COMMANDS) {
        StringWriter output = new StringWriter();
        String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--master", master.uri().toString()))
            .toArray(String[]::new);
        int code = PyrosCli.run(args, new PrintWriter(output), new PrintWriter(output));
        if (code != 0) {
          System.err.println("train-class-archive: pyros " + String.join(" ", command) + " exited " + code + ": " + output);
          return code;
        }
      }
    }
    return 0;
  }
}
