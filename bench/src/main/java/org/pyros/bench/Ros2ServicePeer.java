package org.pyros.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.system.Registration;
import org.pyros.ros2.system.Ros2Settings;
import org.pyros.ros2.system.Ros2System;

/**
 * The Pyros side of the benchmark's service round trips, with the command line and lines of the
 * C peers' {@code serve} and {@code call} ({@code ros2/src/test/peers}) for what the benchmark
 * uses, on {@link Ros2System}'s {@code serve} and {@code call}:
 *
 * <pre>
 *   Ros2ServicePeer serve addtwoints SERVICE 0 TIMEOUT_S [--warmup S]
 *   Ros2ServicePeer call  addtwoints SERVICE 0 TIMEOUT_S [--report] [--wait-stdin] [--warmup S]
 * </pre>
 *
 * {@code serve} prints {@code matched 1} once it serves; {@code call} prints {@code matched 1}
 * once a first call (not counted) was answered, then after a line on stdin calls one after the
 * other until stopped and prints the {@code report} line of the C peers (latency: each round
 * trip). {@code --warmup S}: first serves and calls a service of its own for S seconds.
 */
public final class Ros2ServicePeer {
  private static final String ADD = "example_interfaces/srv/AddTwoInts";
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private Ros2ServicePeer() {}

  public static void main(String[] a) throws Exception {
    if (a.length < 5 || !a[1].equals("addtwoints") || !(a[0].equals("serve") || a[0].equals("call"))) {
      System.err.println("usage: Ros2ServicePeer serve|call addtwoints SERVICE 0 TIMEOUT_S [--report] [--wait-stdin] [--warmup S]");
      System.exit(2);
    }
    boolean report = false;
    boolean waitStdin = false;
    double warmup = 0;
    for (int i = 5; i < a.length; i++) {
      switch (a[i]) {
        case "--report" -> report = true;
        case "--wait-stdin" -> waitStdin = true;
        case "--warmup" -> warmup = Double.parseDouble(a[++i]);
        default -> {
          System.err.println("Ros2ServicePeer: unknown option " + a[i]);
          System.exit(2);
        }
      }
    }
    int domain = Integer.parseInt(System.getenv().getOrDefault("ROS_DOMAIN_ID", "0"));
    Ros2System system = Ros2System.start(Ros2Settings.loopback(domain, "bench_svc_" + ProcessHandle.current().pid()));
    ServiceType type = system.types().serviceType(ADD);
    if (warmup > 0) {
      warmUp(system, type, warmup);
    }
    ServiceInfo service = new ServiceInfo(a[2], ADD);
    long timeoutNs = (long) (Double.parseDouble(a[4]) * 1e9);
    int code = a[0].equals("serve") ? serve(system, type, service, timeoutNs) : call(system, type, service, report, waitStdin);
    System.out.flush();
    Runtime.getRuntime().halt(code);
  }

  private static int serve(Ros2System system, ServiceType type, ServiceInfo service, long timeoutNs) throws Exception {
    AtomicLong served = new AtomicLong();
    system.serve(service, req -> {
      served.incrementAndGet();
      return CompletableFuture.completedFuture(sum(type, req));
    }).toCompletableFuture().join();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("served " + served.get());
      system.close();
    }, "serve-stop"));
    Ros2Peer.say("matched 1");
    LockSupport.parkNanos(timeoutNs);
    System.exit(0); // runs the hook
    return 0;
  }

  private static int call(Ros2System system, ServiceType type, ServiceInfo service, boolean report, boolean waitStdin)
      throws Exception {
    // The first call waits for discovery (UNAVAILABLE while the server is not in the graph).
    long end = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try {
        system.call(service, request(type, 0), CALL_TIMEOUT).toCompletableFuture().join();
        break;
      } catch (CompletionException e) {
        boolean notYet = e.getCause() instanceof PyrosException p && p.code() == ErrorCode.UNAVAILABLE;
        if (!notYet || System.nanoTime() > end) {
          System.err.println("first call failed: " + e.getCause());
          return 1;
        }
        LockSupport.parkNanos(10_000_000);
      }
    }
    Ros2Peer.say("matched 1");
    if (waitStdin) {
      System.in.read(); // a line, or the end of the input: go
    }
    Ros2PeerStats stats = new Ros2PeerStats(report);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (report) {
        Ros2Peer.say(stats.report());
      }
      system.close();
    }, "call-report"));
    for (long i = 0; ; i++) {
      long sent = System.nanoTime();
      Message reply;
      try {
        reply = system.call(service, request(type, i), CALL_TIMEOUT).toCompletableFuture().join();
      } catch (CompletionException e) {
        System.err.println("call " + i + " failed: " + e.getCause());
        System.exit(1);
        return 1;
      }
      stats.add(i, sent, 0, System.nanoTime());
      long want = i + 1_000_000 + 3 * i;
      if (reply.getLong("sum") != want) {
        stats.bad(String.format(Locale.ROOT, "reply %d sum=%d, expected %d", i, reply.getLong("sum"), want));
      }
    }
  }

  /** Serves a service of this process's own and calls it for {@code seconds}, then stops serving it. */
  private static void warmUp(Ros2System system, ServiceType type, double seconds) {
    ServiceInfo own = new ServiceInfo("/bench/warmup_svc_" + ProcessHandle.current().pid(), ADD);
    Registration r = system.serve(own, req -> CompletableFuture.completedFuture(sum(type, req))).toCompletableFuture().join();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long calls = 0;
    while (System.nanoTime() < end) {
      try {
        system.call(own, request(type, calls), CALL_TIMEOUT).toCompletableFuture().join();
        calls++;
      } catch (CompletionException e) {
        LockSupport.parkNanos(1_000_000); // not matched with ourselves yet
      }
    }
    r.cancel();
    System.err.println("warm-up: " + calls + " calls to ourselves");
  }

  private static Message request(ServiceType type, long i) {
    return Message.builder(type.request()).set("a", i).set("b", 1_000_000 + 3 * i).build();
  }

  private static Message sum(ServiceType type, Message req) {
    return Message.builder(type.response()).set("sum", req.getLong("a") + req.getLong("b")).build();
  }
}
