package org.pyros.ros.master;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedMaster} from the command line until the process is stopped (SIGTERM or
 * SIGINT), like {@code rosmaster --core}.
 *
 * <pre>
 * java -cp ... org.pyros.ros.master.EmbeddedMasterMain [-p PORT] [--host ADDRESS] [--advertise HOST]
 * </pre>
 *
 * The default port is 11311 and the default address 127.0.0.1. The master's URI is printed as
 * {@code ROS_MASTER_URI=http://host:port/} once it serves.
 */
public final class EmbeddedMasterMain {
  private EmbeddedMasterMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    EmbeddedMaster.Builder builder = EmbeddedMaster.builder().port(EmbeddedMaster.DEFAULT_PORT);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "-p", "--port" -> builder.port(parsePort(value(args, ++i, a)));
        case "--host" -> builder.host(value(args, ++i, a));
        case "--advertise" -> builder.advertisedHost(value(args, ++i, a));
        case "-h", "--help" -> {
          usage();
          return;
        }
        default -> fail("unknown option " + a);
      }
    }
    EmbeddedMaster master = builder.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      master.close();
      stopped.countDown();
    }, "embedded-master-shutdown"));
    System.out.println("ROS_MASTER_URI=" + master.uri());
    System.out.flush();
    stopped.await();
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      fail(option + " needs a value");
    }
    return args[i];
  }

  private static int parsePort(String s) {
    try {
      int p = Integer.parseInt(s);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    fail("not a port: " + s);
    return -1;
  }

  private static void usage() {
    System.out.println("usage: EmbeddedMasterMain [-p PORT] [--host ADDRESS] [--advertise HOST]");
  }

  private static void fail(String message) {
    System.err.println("EmbeddedMasterMain: " + message);
    usage();
    System.exit(2);
  }
}
