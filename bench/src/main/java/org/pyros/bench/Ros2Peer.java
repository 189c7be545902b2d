package org.pyros.bench;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.pyros.ros2.rtps.DiscoveryListener;
import org.pyros.ros2.rtps.LocalReader;
import org.pyros.ros2.rtps.LocalWriter;
import org.pyros.ros2.rtps.Participant;
import org.pyros.ros2.rtps.endpoint.Sample;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.system.Ros2Settings;
import org.pyros.ros2.system.Ros2System;

/**
 * The Pyros ROS 2 benchmark peer: the command line and the output lines of the C peers
 * ({@code ros2/src/test/peers}, {@code cyclone-ros2peer} and {@code fastdds-ros2peer}) for what
 * the benchmark uses of them, so that the runner drives all three alike.
 *
 * <pre>
 *   Ros2Peer pub string|image TOPIC N HZ        [options]   (N 0: until stopped; HZ 0: flat out)
 *   Ros2Peer sub string|image TOPIC N TIMEOUT_S [options]   (N 0: until the timeout or stopped)
 *   options: --size BYTES  --stamp  --report  --wait-match K  --match-timeout S  --depth D
 *            --wait-stdin pub: starts publishing at the first line on stdin (after --wait-match)
 *            --raw        the participant's writers and readers directly, no GraphSystem
 *            --warmup S   first talks to itself for S s on a topic of its own, the same message
 *                         through the same API, flat out (the JVM compiles its hot code
 *                         meanwhile), then creates its endpoint on TOPIC
 * </pre>
 *
 * Prints {@code matched K}, then {@code sent N} (pub, at the end) or {@code report count=...}
 * (sub with --report, when it ends, also on SIGINT), the same fields as the C peers. The domain
 * is {@code ROS_DOMAIN_ID}; sockets on loopback ({@link Ros2Settings#loopback}). Stamps are
 * {@link System#nanoTime()}, which on Linux reads CLOCK_MONOTONIC as the C peers' stamps do.
 */
public final class Ros2Peer {
  private final Ros2PeerOptions o;
  private final Ros2PeerContent content;
  private final AtomicInteger matched = new AtomicInteger();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean stopping;
  private Ros2System system;
  private Participant participant;

  private Ros2Peer(Ros2PeerOptions o) {
    this.o = o;
    this.content = new Ros2PeerContent(o.type(), o.size());
  }

  public static void main(String[] args) throws Exception {
    Ros2PeerOptions o;
    try {
      o = Ros2PeerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("Ros2Peer: " + e.getMessage());
      System.err.println(Ros2PeerOptions.USAGE);
      System.exit(2);
      return;
    }
    Ros2Peer peer = new Ros2Peer(o);
    int code;
    try {
      code = peer.run();
    } catch (Exception e) {
      System.out.println("ERROR " + e);
      e.printStackTrace();
      code = 4;
    }
    System.out.flush();
    Runtime.getRuntime().halt(code); // the shutdown hook has done its work, if any
  }

  private int run() throws Exception {
    int domain = Integer.parseInt(System.getenv().getOrDefault("ROS_DOMAIN_ID", "0"));
    Ros2Settings settings = Ros2Settings.loopback(domain, "bench_" + ProcessHandle.current().pid());
    if (o.raw()) {
      participant = Participant.start(settings.participantSettings());
    } else {
      system = Ros2System.start(settings);
      participant = system.participant();
    }
    // Matches of our user endpoints with endpoints of other participants: the measured writer or
    // reader is the only user endpoint matched outside this process (the warm-up's pair matches
    // within it).
    participant.watch(new DiscoveryListener() {
      @Override
      public void matched(Guid local, Guid remote) {
        if (counts(local, remote)) {
          matched.incrementAndGet();
        }
      }

      @Override
      public void unmatched(Guid local, Guid remote) {
        if (counts(local, remote)) {
          matched.decrementAndGet();
        }
      }

      private boolean counts(Guid local, Guid remote) {
        return !local.entityId().isBuiltin() && !remote.prefix().equals(local.prefix());
      }
    });
    if (o.warmupS() > 0) {
      warmUp();
    }
    return o.pub() ? pub() : sub();
  }

  /**
   * A writer and a reader of this process on a topic of their own, the same message flat out
   * for {@code --warmup} seconds; both closed before the measured endpoint is created.
   */
  private void warmUp() throws Exception {
    String topic = "/bench/warmup_" + ProcessHandle.current().pid();
    AtomicInteger received = new AtomicInteger();
    Ros2PeerContent.Listener count = (index, stampNs, bad, bytes) -> received.incrementAndGet();
    LocalReader rawReader = null;
    LocalWriter rawWriter = null;
    org.pyros.core.system.Registration subscription = null;
    Ros2PeerContent.Writer send;
    if (o.raw()) {
      rawReader = participant.createReader("rt" + topic, content.ddsType(), qos(), content.rawListener(count));
      rawWriter = participant.createWriter("rt" + topic, content.ddsType(), qos());
      send = content.rawWriter(rawWriter);
    } else {
      subscription = content.subscribe(system, topic, o.depth(), count);
      send = content.systemWriter(system, topic, o.depth());
    }
    long end = System.nanoTime() + (long) (o.warmupS() * 1e9);
    for (long i = 0; System.nanoTime() < end; i++) {
      send.write(i, true);
      if (o.type() == Ros2PeerContent.Kind.IMAGE) {
        LockSupport.parkNanos(1_000_000); // a 1 MB flood only fills socket buffers
      }
    }
    System.err.println("warm-up: " + received.get() + " samples received from ourselves");
    if (o.raw()) {
      rawWriter.close();
      rawReader.close();
    } else {
      subscription.cancel();
      send.close();
    }
  }

  private Qos qos() {
    return Qos.ROS_DEFAULT.withHistory(History.keepLast(o.depth()));
  }

  private boolean waitMatch() {
    if (o.waitMatch() <= 0) {
      return true;
    }
    long end = System.nanoTime() + (long) (o.matchTimeoutS() * 1e9);
    while (matched.get() < o.waitMatch()) {
      if (System.nanoTime() > end) {
        System.err.printf(Locale.ROOT, "matched %d of %d after %.1f s%n", matched.get(), o.waitMatch(), o.matchTimeoutS());
        return false;
      }
      LockSupport.parkNanos(10_000_000);
    }
    say("matched " + o.waitMatch());
    return true;
  }

  // ---- pub

  private int pub() throws Exception {
    Ros2PeerContent.Writer send;
    LocalWriter raw = null;
    if (o.raw()) {
      raw = participant.createWriter(o.ddsTopic(), content.ddsType(), qos());
      send = content.rawWriter(raw);
    } else {
      send = content.systemWriter(system, o.topic(), o.depth());
    }
    long[] sent = {0};
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping = true;
      try {
        if (!done.await(3, TimeUnit.SECONDS)) {
          main.interrupt();
        }
      } catch (InterruptedException e) {
        // exiting anyway
      }
      say("sent " + sent[0]);
      leave();
    }, "ros2peer-stop"));
    if (!waitMatch()) {
      done.countDown();
      return 1;
    }
    if (o.waitStdin()) {
      System.in.read(); // a line, or the end of the input: go
      while (System.in.available() > 0) {
        System.in.read();
      }
    }
    long period = o.hz() > 0 ? (long) (1e9 / o.hz()) : 0;
    long start = System.nanoTime();
    for (long i = 0; (o.n() == 0 || i < o.n()) && !stopping; i++) {
      if (period > 0) {
        long wait = start + i * period - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      send.write(i, o.stamp());
      sent[0] = i + 1;
    }
    done.countDown();
    if (!stopping) {
      say("sent " + sent[0]);
      leave();
      System.out.flush();
      Runtime.getRuntime().halt(0);
    }
    Thread.sleep(Long.MAX_VALUE); // the hook prints and exits
    return 0;
  }

  // ---- sub

  private int sub() throws Exception {
    Ros2PeerStats stats = new Ros2PeerStats(o.report());
    CountDownLatch enough = new CountDownLatch(1);
    Ros2PeerContent.Listener onSample = (index, stampNs, bad, bytes) -> {
      long count = stats.add(index, stampNs, bytes, System.nanoTime());
      if (bad != null) {
        stats.bad(bad);
      }
      if (o.n() > 0 && count >= o.n()) {
        enough.countDown();
      }
    };
    LocalReader raw = null;
    if (o.raw()) {
      raw = participant.createReader(o.ddsTopic(), content.ddsType(), qos(), content.rawListener(onSample));
    } else {
      content.subscribe(system, o.topic(), o.depth(), onSample);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (o.report()) {
        say(stats.report());
      }
      leave();
    }, "ros2peer-report"));
    long end = System.nanoTime() + (long) (o.timeoutS() * 1e9);
    boolean announced = o.waitMatch() <= 0;
    while (System.nanoTime() < end) {
      if (!announced && matched.get() >= o.waitMatch()) {
        say("matched " + o.waitMatch());
        announced = true;
      }
      if (enough.await(Math.min(50_000_000, Math.max(1, end - System.nanoTime())), TimeUnit.NANOSECONDS)) {
        break;
      }
    }
    long short_ = o.n() > 0 ? o.n() - stats.count() : 0;
    System.exit(stats.badCount() > 0 || stats.orderErrors() > 0 ? 3 : short_ > 0 ? 1 : 0); // runs the hook
    return 0;
  }

  /** Leaves the domain (peers drop us at once instead of at our lease's end). */
  private void leave() {
    try {
      if (system != null) {
        system.close();
      } else if (participant != null) {
        participant.close();
      }
    } catch (RuntimeException e) {
      System.err.println("leaving the domain: " + e);
    }
  }

  static void say(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }
}
