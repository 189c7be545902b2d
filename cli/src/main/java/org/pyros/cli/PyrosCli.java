package org.pyros.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import org.pyros.core.error.PyrosException;
import org.pyros.ros.system.RosArguments;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pyros} command: ROS 1 graph tools run as a Pyros node ({@code topics}, {@code echo},
 * {@code pub}, {@code call}, {@code serve}, {@code param}, {@code nodes}), the same on a ROS 2
 * domain with {@code --ros2} ({@code topics}, {@code nodes}, {@code echo}, {@code pub}, {@code call}
 * so far), the gateway for browsers and HTTP clients ({@code gateway}, on both), Pyros's embedded
 * master ({@code master}) and the demo ({@code demo}).
 *
 * <p>Exit codes follow picocli: 0 success, 1 a failure (unknown type, topic or service, master
 * unreachable, a failed call), 2 a usage error (unknown option, malformed JSON argument). Every
 * error is one line on stderr.
 */
@Command(name = "pyros", mixinStandardHelpOptions = true, version = "pyros 0.1.0",
    description = "Talk to a ROS 1 graph (or with --ros2 a ROS 2 one) through a Pyros node, or run Pyros's own ROS master.",
    subcommands = {MasterCommand.class, TopicsCommand.class, ServicesCommand.class, NodesCommand.class, EchoCommand.class,
        PubCommand.class, CallCommand.class, ServeCommand.class, ParamCommand.class, GatewayCommand.class,
        BridgeCommand.class, DemoCommand.class, ClassArchiveTraining.class, CommandLine.HelpCommand.class},
    footer = {"", "The ROS 1 graph commands take ROS arguments after their own, as rospy programs do: __name:=NAME,",
        "__ns:=NAMESPACE, __master:=URI, __ip:=ADDR, __hostname:=HOST and remappings FROM:=TO; their names resolve",
        "as in ROS (relative in the namespace, ~private under the node, then remapped)."})
public final class PyrosCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.ArgGroup(exclusive = false, heading = "ROS 2:%n")
  Ros2Options ros2;

  // The ROS arguments (name:=value) of the command line, taken out before parsing as rospy's
  // myargv does, so they may follow any command's own arguments.
  List<String> rosArguments = List.of();

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  public static void main(String[] args) {
    useCliLogging();
    System.exit(run(args, null, null));
  }

  /**
   * Runs a command line and returns its exit code; {@code out} and {@code err} null mean
   * stdout and stderr. Long-running commands ({@code master}, {@code echo} without -n) return
   * only when interrupted.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine(out, err);
    List<String> rosArguments = RosArguments.among(args);
    ((PyrosCli) cli.getCommand()).rosArguments = rosArguments;
    return cli.execute(Arrays.stream(args).filter(a -> !RosArguments.isRosArgument(a)).toArray(String[]::new));
  }

  /** The configured command line, for tests and embedding. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new PyrosCli());
    if (out != null) {
      cli.setOut(out);
    }
    if (err != null) {
      cli.setErr(err);
    }
    cli.setParameterExceptionHandler((e, args) -> {
      CommandLine c = e.getCommandLine();
      String name = c.getCommandSpec().qualifiedName();
      c.getErr().println(name + ": " + oneLine(e.getMessage()) + " (see '" + name + " --help')");
      c.getErr().flush();
      return c.getCommandSpec().exitCodeOnInvalidInput();
    });
    cli.setExecutionStrategy(parsed -> {
      CommandLine last = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
      boolean help = parsed.asCommandLineList().stream().anyMatch(c -> c.isUsageHelpRequested() || c.isVersionHelpRequested());
      if (!help && !((PyrosCli) cli.getCommand()).rosArguments.isEmpty() && !(last.getCommand() instanceof GraphCommand)) {
        throw new CommandLine.ParameterException(last, "ROS arguments (name:=value) are for the ROS 1 graph commands, not "
            + last.getCommandSpec().qualifiedName());
      }
      return new CommandLine.RunLast().execute(parsed);
    });
    cli.setExecutionExceptionHandler((e, c, parsed) -> {
      LoggerFactory.getLogger(PyrosCli.class).debug("{} failed", c.getCommandSpec().qualifiedName(), e);
      c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + oneLine(describe(e)));
      c.getErr().flush();
      return c.getCommandSpec().exitCodeOnExecutionException();
    });
    return cli;
  }

  /** What went wrong, for people: Pyros errors name their code. */
  static String describe(Throwable e) {
    PyrosException p = PyrosException.of(e, org.pyros.core.error.ErrorCode.SYSTEM_FAILURE);
    if (e instanceof CliFailure) {
      return e.getMessage();
    }
    if (p.getCause() instanceof CliFailure f) {
      return f.getMessage();
    }
    return p.getMessage() + " [" + p.code() + "]";
  }

  /** Seconds as given on the command line: "1" for 1.0, "0.5" for 0.5. */
  static String seconds(double s) {
    return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
  }

  static String oneLine(String s) {
    return String.valueOf(s).replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }

  /** Starts logging ({@link CliLogging}) now, on this thread: when threads race to do it, SLF4J warns on stderr. */
  private static void useCliLogging() {
    LoggerFactory.getILoggerFactory();
  }
}
