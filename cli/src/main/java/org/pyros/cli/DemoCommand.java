package org.pyros.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pyros.samples.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pyros demo}: the README's demo (a simulated robot, one Pyros node, a client). */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the demo: a simulated robot and Pyros as ROS nodes on an embedded master, and a client.")
final class DemoCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--in-memory", description = "Use the in-memory graph instead of ROS1 on an embedded master.")
  boolean inMemory;

  @Option(names = "--ros2", description = "Use two ROS 2 participants (DDS-RTPS on loopback) instead.")
  boolean ros2;

  @Parameters(index = "0", arity = "0..1", paramLabel = "POSES", defaultValue = "10", description = "Poses to print (default: ${DEFAULT-VALUE}).")
  int poses;

  @Override
  public Integer call() throws Exception {
    if (poses < 1 || poses > 100_000) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "POSES must be between 1 and 100000");
    }
    List<String> args = new ArrayList<>();
    if (inMemory && ros2) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--in-memory and --ros2 exclude each other");
    }
    if (inMemory) {
      args.add("--in-memory");
    }
    if (ros2) {
      args.add("--ros2");
    }
    args.add(Integer.toString(poses));
    Demo.main(args.toArray(String[]::new));
    return 0;
  }
}
