package org.pyros.cluster;

import com.typesafe.config.Config;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.pyros.cluster.link.RequestLink;
import org.pyros.cluster.link.RequestLinkServer;
import org.pyros.cluster.link.RequestLinkSettings;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.system.GraphSystem;

/**
 * The cluster singleton: creates the graph system, runs the node as its child, forwards the
 * node's protocol to it and answers {@link NodeHostProtocol.Identify}. Closing the system when
 * the singleton stops (hand-over, shutdown) frees its connections before the next host opens
 * its own.
 */
final class NodeHost {
  private NodeHost() {}

  static Behavior<Object> create(Supplier<? extends GraphSystem> systems, NodeSettings settings, ClusterSettings cluster,
      AtomicBoolean hosting) {
    Behavior<Object> host = Behaviors.setup(ctx -> {
      String address = Cluster.get(ctx.getSystem()).selfMember().address().toString();
      GraphSystem system = systems.get();
      ActorRef<PyrosNode.Command> node = ctx.spawn(PyrosNode.create(system, settings), "node");
      ctx.watch(node);
      hosting.set(true);
      ctx.getLog().info("This member ({}) hosts the Pyros node now, on {}", address, system.description());
      RequestLinkServer links = startLinks(ctx, node, cluster.requestLink());
      NodeHostProtocol.Identity identity = links == null
          ? new NodeHostProtocol.Identity(node, address, "", 0)
          : new NodeHostProtocol.Identity(node, address, links.address().getHostString(), links.address().getPort());
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
            i.replyTo().tell(identity);
            return Behaviors.same();
          })
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
    });
    return Behaviors.supervise(host)
        .onFailure(SupervisorStrategy.restartWithBackoff(cluster.hostMinBackoff(), cluster.hostMaxBackoff(), 0.2));
  }

  /** The request link server, on the member's own hostname; null when off or when it cannot listen. */
  private static RequestLinkServer startLinks(ActorContext<Object> ctx, ActorRef<PyrosNode.Command> node, RequestLinkSettings settings) {
    if (!settings.enabled()) {
      return null;
    }
    Config config = ctx.getSystem().settings().config();
    String bind = config.getString("pekko.remote.artery.bind.hostname");
    String host = bind.isEmpty() ? Cluster.get(ctx.getSystem()).selfMember().address().getHost().orElse("127.0.0.1") : bind;
    try {
      RequestLinkServer server = RequestLinkServer.start(ctx.getSystem(), node,
          RequestLink.serializer(ctx.getSystem()),
          settings, new InetSocketAddress(host, settings.port()));
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
