package org.pyros.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.pyros.ros.master.EmbeddedMaster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pyros master [-p PORT]}: Pyros's embedded ROS master, until interrupted. */
@Command(name = "master", mixinStandardHelpOptions = true,
    description = "Run Pyros's embedded ROS master (like rosmaster --core) until interrupted.")
final class MasterCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "11311", description = "Port (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "not a port: " + port);
    }
    EmbeddedMaster master;
    try {
      master = EmbeddedMaster.builder().host(host).port(port).start();
    } catch (IOException e) {
      throw new CliFailure("cannot start the master on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      master.close();
      stopped.countDown();
    }, "pyros-master-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    var out = spec.commandLine().getOut();
    out.println("ROS_MASTER_URI=" + master.uri());
    out.flush();
    try {
      stopped.await();
    } finally {
      // Interrupted in process (not by a signal): stop here rather than at JVM exit.
      if (stopped.getCount() > 0) {
        Runtime.getRuntime().removeShutdownHook(hook);
        master.close();
      }
    }
    return 0;
  }
}
