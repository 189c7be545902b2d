package org.pyros.cluster;

import com.typesafe.config.Config;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.cluster.typed.Cluster;
import org.pyros.cluster.link.LinkAdmission;
import org.pyros.cluster.link.RequestLink;
import org.pyros.cluster.link.RequestLinkServer;
import org.pyros.cluster.link.RequestLinkSettings;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.metrics.PyrosMetrics;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.system.GraphSystem;

/**
 * The cluster singleton: starts the graph system, runs the node as its child, forwards the
 * node's protocol to it and answers {@link NodeHostProtocol.Identify}. Closing the system when
 * the singleton stops (hand-over, shutdown) frees its connections before the next host opens
 * its own.
 *
 * <p>While the graph system starts, requests are refused with {@code UNAVAILABLE} (they would
 * otherwise wait for a start that may take seconds) and identification asks wait for the node.
 */
final class NodeHost {
  private NodeHost() {}

  /** Identification asks kept while the system starts; one per member, so a small buffer holds them. */
  private static final int IDENTIFY_BUFFER = 256;

  private record SystemStarted(PendingStart attempt, GraphSystem system, Throwable failure) {}

  private record StartTimedOut(PendingStart attempt) {}

  /**
   * One start of a graph system. Whoever takes it first owns the system: the host once it
   * arrives, or, when the host stopped or gave up first, nobody, and it is closed as soon as it
   * has started.
   */
  private static final class PendingStart {
    private final CompletableFuture<GraphSystem> system = new CompletableFuture<>();
    private final AtomicBoolean taken = new AtomicBoolean();

    boolean take() {
      return taken.compareAndSet(false, true);
    }

    void abandon() {
      if (taken.compareAndSet(false, true)) {
        system.thenAccept(GraphSystem::close);
      }
    }
  }

  static Behavior<Object> create(GraphSystemStart systems, NodeSettings settings, ClusterSettings cluster, AtomicBoolean hosting,
      PyrosMetrics metrics) {
    Behavior<Object> host = Behaviors.setup(ctx -> Behaviors.withStash(IDENTIFY_BUFFER, stash -> Behaviors.withTimers(timers -> {
      String address = Cluster.get(ctx.getSystem()).selfMember().address().toString();
      PendingStart attempt = new PendingStart();
      start(systems).whenComplete((system, failure) -> {
        if (failure != null) {
          attempt.system.completeExceptionally(failure);
        } else {
          attempt.system.complete(system);
        }
      });
      ctx.pipeToSelf(attempt.system, (system, failure) -> new SystemStarted(attempt, system, failure));
      timers.startSingleTimer(new StartTimedOut(attempt), cluster.systemStartTimeout());
      return starting(ctx, stash, address, attempt, settings, cluster, hosting, metrics);
    })));
    return Behaviors.supervise(host)
        .onFailure(SupervisorStrategy.restartWithBackoff(cluster.hostMinBackoff(), cluster.hostMaxBackoff(), 0.2));
  }

  /** Calls the start, turning a thrown exception or a null stage into a failed one. */
  private static CompletionStage<? extends GraphSystem> start(GraphSystemStart systems) {
    try {
      CompletionStage<? extends GraphSystem> stage = systems.start();
      return stage != null ? stage : CompletableFuture.failedFuture(new IllegalStateException("the graph system start returned null"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static Behavior<Object> starting(ActorContext<Object> ctx, StashBuffer<Object> stash, String address, PendingStart attempt,
      NodeSettings settings, ClusterSettings cluster, AtomicBoolean hosting, PyrosMetrics metrics) {
    return Behaviors.receive(Object.class)
        .onMessage(SystemStarted.class, s -> {
          if (s.attempt() != attempt || !attempt.take()) {
            return Behaviors.same(); // an earlier attempt's, or this one was given up
          }
          if (s.failure() != null) {
            throw new IllegalStateException("the graph system did not start: " + s.failure().getMessage(), s.failure());
          }
          return stash.unstashAll(hosting(ctx, address, s.system(), settings, cluster, hosting, metrics));
        })
        .onMessage(StartTimedOut.class, t -> {
          if (t.attempt() != attempt) {
            return Behaviors.same();
          }
          throw new IllegalStateException("the graph system did not start within " + cluster.systemStartTimeout().toMillis() + " ms");
        })
        .onMessage(PyrosNode.Command.class, c -> {
          Refusal.refuse(c, ErrorCode.UNAVAILABLE, "the Pyros node is starting on " + address + "; try again shortly");
          return Behaviors.same();
        })
        .onMessage(NodeHostProtocol.Identify.class, i -> {
          if (!stash.isFull()) {
            stash.stash(i); // answered once the node runs; a dropped ask is asked again
          }
          return Behaviors.same();
        })
        .onSignal(PreRestart.class, s -> {
          attempt.abandon();
          return Behaviors.same();
        })
        .onSignal(PostStop.class, s -> {
          attempt.abandon();
          return Behaviors.same();
        })
        .build();
  }

  private static Behavior<Object> hosting(ActorContext<Object> ctx, String address, GraphSystem system, NodeSettings settings,
      ClusterSettings cluster, AtomicBoolean hosting, PyrosMetrics metrics) {
    ActorRef<PyrosNode.Command> node = ctx.spawn(PyrosNode.create(system, settings, metrics), "node", PyrosNode.mailbox());
    ctx.watch(node);
    hosting.set(true);
    ctx.getLog().info("This member ({}) hosts the Pyros node now, on {}", address, system.description());
    LinkAdmission admission = LinkAdmission.ofCluster(ctx.getSystem());
    RequestLinkServer links = startLinks(ctx, node, cluster.requestLink(), admission);
    Runnable release = () -> {
      hosting.set(false);
      if (links != null) {
        links.close();
      }
      system.close();
    };
    return Behaviors.receive(Object.class)
        .onMessage(PyrosNode.Command.class, c -> {
          node.tell(c);
          return Behaviors.same();
        })
        .onMessage(NodeHostProtocol.Identify.class, i -> {
          i.replyTo().tell(links == null ? new NodeHostProtocol.Identity(node, address, "", 0, "")
              : new NodeHostProtocol.Identity(node, address, links.address().getHostString(), links.address().getPort(),
                  admission.ticketFor(i.replyTo().path().address().toString())));
          return Behaviors.same();
        })
        .onMessage(SystemStarted.class, s -> Behaviors.same()) // a start given up earlier closes itself
        .onMessage(StartTimedOut.class, t -> Behaviors.same())
        .onSignal(Terminated.class, t -> {
          // The node stopped without us asking: restart all (supervision below), fresh system.
          throw new IllegalStateException("the Pyros node stopped unexpectedly");
        })
        .onSignal(PreRestart.class, s -> {
          release.run();
          return Behaviors.same();
        })
        .onSignal(PostStop.class, s -> {
          ctx.getLog().info("This member ({}) no longer hosts the Pyros node", address);
          release.run();
          return Behaviors.same();
        })
        .build();
  }

  /** The request link server, on the member's own hostname; null when off or when it cannot listen. */
  private static RequestLinkServer startLinks(ActorContext<Object> ctx, ActorRef<PyrosNode.Command> node, RequestLinkSettings settings,
      LinkAdmission admission) {
    Config config = ctx.getSystem().settings().config();
    if (!settings.enabled()) {
      if (config.getBoolean("pyros.cluster.request-link.enabled")) {
        ctx.getLog().warn("No request link: Artery runs TLS with an SSL engine provider other than Pekko's ConfigSSLEngineProvider, "
            + "whose keys the link cannot use; clients in other members use actor messages only");
      }
      return null;
    }
    String bind = config.getString("pekko.remote.artery.bind.hostname");
    String host = bind.isEmpty() ? Cluster.get(ctx.getSystem()).selfMember().address().getHost().orElse("127.0.0.1") : bind;
    try {
      RequestLinkServer server = RequestLinkServer.start(ctx.getSystem(), node,
          RequestLink.serializer(ctx.getSystem()),
          settings, admission, new InetSocketAddress(host, settings.port()));
      ctx.getLog().info("Clients in other members send requests to the node over {}", server.address());
      return server;
    } catch (IOException e) {
      ctx.getLog().warn("No request link: clients in other members use actor messages only ({})", e.getMessage());
      return null;
    }
  }

  /** Placeholder behaviour on members that must never host the node. */
  static Behavior<Object> refusing() {
    return Behaviors.setup(ctx -> {
      throw new IllegalStateException("this member has the Pyros node role but no graph system to host the node");
    });
  }
}
