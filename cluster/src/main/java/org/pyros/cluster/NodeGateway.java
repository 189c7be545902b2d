package org.pyros.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.pyros.cluster.link.LinkHello;
import org.pyros.cluster.link.LinkRefusedException;
import org.pyros.cluster.link.LinkRoute;
import org.pyros.cluster.link.RequestLink;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.ServiceRequest;
import org.pyros.core.node.TopicEvent;

/**
 * A member's local stand-in for the node: it forwards the node's protocol to the node (through
 * the singleton proxy until the node is identified, then straight to it) and adds what a cluster
 * needs:
 *
 * <ul>
 *   <li>it learns which actor is the node ({@link NodeHostProtocol.Identify}) and watches it;
 *   <li>subscriptions are {@link ResilientSubscription}s, made again after the node moves,
 *       with a {@link TopicEvent.Gap} to the subscriber;
 *   <li>while the node is known to be lost, its host unreachable, or the request link to its
 *       host closed and the host has not answered since, requests fail at once with
 *       {@code UNAVAILABLE} instead of waiting for the ask timeout;
 *   <li>a host whose process is gone (its ports refuse connections) is downed at once, so the
 *       node moves without waiting for the split brain resolver;
 *   <li>when this member itself leaves, subscribers are not told that the node moved;
 *   <li>a param value that cannot be serialized fails with {@code BAD_MESSAGE} here, at the
 *       sender, instead of being dropped by the transport;
 *   <li>when the node runs in another member, it opens a {@link RequestLink} to the node's host
 *       and lets the member's client take it ({@link LinkRoute}) while the host is reachable.
 * </ul>
 */
final class NodeGateway {
  private NodeGateway() {}

  private record Identified(NodeHostProtocol.Identity identity) {}

  private record IdentifyFailed(Throwable failure) {}

  private record IdentifyTick() {}

  private record NodeTerminated(ActorRef<PyrosNode.Command> node) {}

  private record SubscriptionStopped(Key key, ActorRef<ResilientSubscription.Command> child) {}

  private record Key(String topic, ActorRef<TopicEvent> subscriber) {}

  private record ProviderGone(String service, ActorRef<ServiceRequest> handler) {}

  /** @param failures how many attempts in a row failed before this one */
  private record OpenLink(ActorRef<PyrosNode.Command> node, LinkTarget target, int failures) {}

  /** Where the node's host takes request links, and what this member says there first. */
  private record LinkTarget(InetSocketAddress address, LinkHello hello) {}

  private record LinkOpened(ActorRef<PyrosNode.Command> node, RequestLink link) {}

  private record LinkFailed(ActorRef<PyrosNode.Command> node, LinkTarget target, int failures, Throwable failure) {}

  private record LinkClosed(RequestLink link, String why) {}

  /** Whether the node's host refused connections on its cluster port when probed. */
  private record HostProbed(ActorRef<PyrosNode.Command> node, boolean gone, String evidence) {}

  static Behavior<Object> create(ActorRef<Object> proxy, ClusterSettings settings, LinkRoute route) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.ReachabilityEvent.class));
      Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.MemberRemoved.class));
      Gateway g = new Gateway(ctx, timers, proxy, settings, SerializationExtension.get(Adapter.toClassic(ctx.getSystem())),
          route, new HashMap<>(), new HashMap<>(), new HashSet<>());
      g.identify();
      return g.running(null, false, null, false);
    }));
  }

  private record Gateway(ActorContext<Object> ctx, TimerScheduler<Object> timers, ActorRef<Object> proxy, ClusterSettings settings,
      Serialization serialization, LinkRoute route, Map<Key, ActorRef<ResilientSubscription.Command>> subscriptions,
      Map<String, PyrosNode.ProvideService> provided, Set<Address> unreachable) {

    void identify() {
      ctx.ask(NodeHostProtocol.Identity.class, proxy, settings.identifyTimeout(), NodeHostProtocol.Identify::new,
          (identity, failure) -> identity != null ? new Identified(identity) : new IdentifyFailed(failure));
    }

    /**
     * @param node the node actor, null until identified or while it moves
     * @param moving true once a known node was lost, until the next one is identified
     * @param link the open request link to the node's host, or null
     * @param linkLost true once the link to {@code node}'s host closed without this member
     *     closing it, until a new link opens or the host answers an identification: the host
     *     may be dead, and a request sent to it as an actor message would wait for its timeout
     */
    Behavior<Object> running(ActorRef<PyrosNode.Command> node, boolean moving, RequestLink link, boolean linkLost) {
      return Behaviors.receive(Object.class)
          .onMessage(PyrosNode.Subscribe.class, s -> {
            Key key = new Key(s.topic(), s.subscriber());
            if (subscriptions.containsKey(key)) {
              s.replyTo().tell(org.pyros.core.node.Reply.ok(org.apache.pekko.Done.getInstance()));
              return Behaviors.same();
            }
            if (refusedWhileMoving(s, node, moving, linkLost)) {
              return Behaviors.same();
            }
            ActorRef<ResilientSubscription.Command> child = ctx.spawnAnonymous(
                ResilientSubscription.create(s.topic(), s.type(), s.subscriber(), s.replyTo(), node, settings));
            ctx.watchWith(child, new SubscriptionStopped(key, child));
            subscriptions.put(key, child);
            return Behaviors.same();
          })
          .onMessage(PyrosNode.Unsubscribe.class, u -> {
            ActorRef<ResilientSubscription.Command> child = subscriptions.remove(new Key(u.topic(), u.subscriber()));
            if (child != null) {
              child.tell(new ResilientSubscription.Cancel());
            } else {
              send(u, node);
            }
            return Behaviors.same();
          })
          .onMessage(PyrosNode.SetParam.class, p -> {
            String problem = serializationProblem(p);
            if (problem != null) {
              ctx.getLog().debug("Refused to set param {}: {}", p.name(), problem); // the serializer warned
              Refusal.refuse(p, ErrorCode.BAD_MESSAGE, "param " + p.name() + ": the value cannot be sent to the node: " + problem);
            } else if (!refusedWhileMoving(p, node, moving, linkLost)) {
              send(p, node);
            }
            return Behaviors.same();
          })
          .onMessage(PyrosNode.ProvideService.class, p -> {
            if (!refusedWhileMoving(p, node, moving, linkLost)) {
              // Remembered, so the service is provided again on the node's next host.
              PyrosNode.ProvideService previous = provided.put(p.service(), p);
              if (previous == null || !previous.handler().equals(p.handler())) {
                ctx.watchWith(p.handler(), new ProviderGone(p.service(), p.handler()));
              }
              send(p, node);
            }
            return Behaviors.same();
          })
          .onMessage(ProviderGone.class, g -> {
            PyrosNode.ProvideService p = provided.get(g.service());
            if (p != null && p.handler().equals(g.handler())) {
              provided.remove(g.service());
            }
            return Behaviors.same();
          })
          .onMessage(PyrosNode.Command.class, c -> {
            if (!refusedWhileMoving(c, node, moving, linkLost)) {
              send(c, node);
            }
            return Behaviors.same();
          })
          .onMessage(Identified.class, i -> {
            ActorRef<PyrosNode.Command> found = i.identity().node();
            if (found.equals(node)) {
              if (linkLost) {
                ctx.getLog().info("The Pyros node's host answers again; requests go as actor messages until a link opens");
                return running(node, moving, link, false);
              }
              return Behaviors.same();
            }
            if (node != null) {
              ctx.unwatch(node);
            }
            dropLink(link, "the node is " + found.path() + " now");
            ctx.watchWith(found, new NodeTerminated(found));
            ctx.getLog().info("The Pyros node is {} on {}", found.path(), i.identity().host());
            subscriptions.values().forEach(s -> s.tell(new ResilientSubscription.NodeAt(found)));
            if (moving) {
              provided.values().forEach(p -> found.tell(
                  new PyrosNode.ProvideService(p.service(), p.type(), p.handler(), ctx.getSystem().ignoreRef())));
            }
            NodeHostProtocol.Identity id = i.identity();
            if (id.linkPort() > 0 && settings.requestLink().enabled() && !found.path().address().hasLocalScope()) {
              openLink(found, new LinkTarget(new InetSocketAddress(id.linkHost(), id.linkPort()), hello(id)), 0);
            }
            return running(found, false, null, false);
          })
          .onMessage(OpenLink.class, o -> {
            if (o.node().equals(node) && link == null) {
              openLink(o.node(), o.target(), o.failures());
            }
            return Behaviors.same();
          })
          .onMessage(LinkOpened.class, o -> {
            if (!o.node().equals(node) || link != null) {
              o.link().close("not needed: the node moved meanwhile");
              return Behaviors.same();
            }
            ctx.getLog().info("Requests to the Pyros node go over {}", o.link());
            if (!unreachable.contains(node.path().address())) {
              route.use(o.link());
            }
            return running(node, moving, o.link(), false);
          })
          .onMessage(LinkFailed.class, f -> {
            if (f.node().equals(node)) {
              // Doubling from reconnect-interval to a minute: a port that stays closed (a firewall)
              // is logged once, not every few seconds.
              Duration pause = settings.requestLink().reconnectInterval().multipliedBy(1L << Math.min(f.failures(), 5));
              pause = pause.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : pause;
              if (f.failure() instanceof UncheckedIOException u && u.getCause() instanceof LinkRefusedException) {
                // Routine while this member joins: the host may not have seen it Up yet.
                ctx.getLog().info("The node's host did not admit a request link ({}); requests go as actor messages, trying again in {}",
                    f.failure().getMessage(), pause);
              } else if (f.failures() == 0 && !linkLost) {
                ctx.getLog().warn("No request link to the node's host at {} ({}); requests go as actor messages, trying again in {}",
                    f.target().address(), f.failure().getMessage(), pause);
              } else {
                ctx.getLog().debug("Request link to {} failed again ({}); next try in {}", f.target().address(), f.failure().getMessage(), pause);
              }
              timers.startSingleTimer(new OpenLink(f.node(), f.target(), f.failures() + 1), pause);
              if (linkLost && f.failures() == 0 && PortProbe.isRefusal(f.failure())) {
                probeHost(node, "its request link closed and its link port refuses connections");
              }
            }
            return Behaviors.same();
          })
          .onMessage(LinkClosed.class, c -> {
            if (c.link() != link) {
              return Behaviors.same();
            }
            route.use(null);
            if (node == null) {
              return running(null, moving, null, false);
            }
            // Closed by the host's side: it stopped or moved the node, or its process is gone. Until
            // the host proves alive, requests fail at once rather than wait for it as actor messages.
            ctx.getLog().info("The request link {} closed ({}); requests fail with UNAVAILABLE until the node's host answers",
                link, c.why());
            openLink(node, new LinkTarget(c.link().address(), c.link().hello()), 0);
            identify();
            return running(node, moving, null, true);
          })
          .onMessage(IdentifyFailed.class, f -> {
            ctx.getLog().debug("The Pyros node did not answer yet: {}", f.failure().getMessage());
            timers.startSingleTimer(new IdentifyTick(), settings.identifyInterval());
            return Behaviors.same();
          })
          .onMessage(IdentifyTick.class, t -> {
            identify();
            return Behaviors.same();
          })
          .onMessage(NodeTerminated.class, t -> {
            if (!t.node().equals(node)) {
              return Behaviors.same();
            }
            dropLink(link, "the node is gone");
            if (leaving()) {
              // This member leaves (its actor system terminates, or it was downed): every remote
              // actor looks gone to it, though the node did not move; subscribers hear nothing.
              ctx.getLog().debug("The Pyros node {} is out of reach: this member leaves the cluster", node.path());
              return running(null, true, null, false);
            }
            ctx.getLog().info("The Pyros node {} is gone; waiting for it on the next host", node.path());
            subscriptions.values().forEach(s -> s.tell(new ResilientSubscription.NodeLost()));
            identify();
            return running(null, true, null, false);
          })
          .onMessage(HostProbed.class, p -> {
            Address host = p.node().path().address();
            if (p.gone() && p.node().equals(node) && !leaving() && !downAlready(host)) {
              ctx.getLog().warn("The member hosting the Pyros node ({}) is gone: {}, and its cluster port refuses connections. "
                  + "Downing it so the node moves now", host, p.evidence());
              Cluster.get(ctx.getSystem()).manager().tell(new Down(host));
            }
            return Behaviors.same();
          })
          .onMessage(SubscriptionStopped.class, s -> {
            subscriptions.remove(s.key(), s.child());
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.UnreachableMember.class, u -> {
            unreachable.add(u.member().address());
            if (node != null && node.path().address().equals(u.member().address())) {
              route.use(null); // requests go through here again, and fail fast
              probeHost(node, "the failure detector finds it unreachable");
            }
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.ReachableMember.class, r -> {
            unreachable.remove(r.member().address());
            if (link != null && node.path().address().equals(r.member().address())) {
              route.use(link);
            }
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.MemberRemoved.class, r -> {
            unreachable.remove(r.member().address());
            return Behaviors.same();
          })
          .onAnyMessage(m -> Behaviors.same()) // other reachability events
          .onSignal(PostStop.class, stop -> {
            dropLink(link, "this member stops");
            return Behaviors.same();
          })
          .build();
    }

    /** What this member says first on a link to the host that answered {@code id}. */
    private LinkHello hello(NodeHostProtocol.Identity id) {
      return new LinkHello(Cluster.get(ctx.getSystem()).selfMember().address().toString(), id.linkTicket());
    }

    /** Connects to the node's host without blocking the gateway; the outcome comes back as a message. */
    private void openLink(ActorRef<PyrosNode.Command> node, LinkTarget target, int failures) {
      ActorRef<Object> self = ctx.getSelf();
      ctx.pipeToSelf(
          CompletableFuture.supplyAsync(() -> {
            try {
              return RequestLink.connect(ctx.getSystem(), target.address(), settings.requestLink(), target.hello(), (l, why) -> self.tell(new LinkClosed(l, why)));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }, ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking())),
          (opened, failure) -> opened != null ? new LinkOpened(node, opened)
              : new LinkFailed(node, target, failures,
                  failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure));
    }

    /**
     * Downs the node's host when its process is gone, instead of waiting for the failure
     * detector and the split brain resolver: a connection to its cluster port is refused, so no
     * actor system listens there any more. A frozen or cut-off host is never taken for gone (its
     * port accepts, or the probe times out). Off with {@code pyros.cluster.down-crashed-host}.
     */
    private void probeHost(ActorRef<PyrosNode.Command> node, String evidence) {
      Address host = node.path().address();
      if (!settings.downCrashedHost() || host.getHost().isEmpty() || host.getPort().isEmpty()) {
        return;
      }
      ctx.pipeToSelf(
          CompletableFuture.supplyAsync(() -> PortProbe.refuses(host.getHost().get(), (Integer) host.getPort().get(),
              settings.requestLink().connectTimeout()), ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking())),
          (gone, failure) -> new HostProbed(node, Boolean.TRUE.equals(gone), evidence));
    }

    /** Whether the member at {@code address} is down (or gone) already: another probe or member downed it. */
    private boolean downAlready(Address address) {
      for (Member m : Cluster.get(ctx.getSystem()).state().getMembers()) {
        if (m.address().equals(address)) {
          return m.status() == MemberStatus.down() || m.status() == MemberStatus.removed();
        }
      }
      return true;
    }

    /** Whether this member is on its way out of the cluster (leaving, downed, or shutting down). */
    private boolean leaving() {
      MemberStatus status = Cluster.get(ctx.getSystem()).selfMember().status();
      return CoordinatedShutdown.get(ctx.getSystem()).getShutdownReason().isPresent()
          || status == MemberStatus.leaving() || status == MemberStatus.exiting()
          || status == MemberStatus.down() || status == MemberStatus.removed();
    }

    private void dropLink(RequestLink link, String why) {
      route.use(null);
      if (link != null) {
        link.close(why);
      }
    }

    /**
     * Sends straight to the node once it is identified: the singleton proxy and the host actor
     * would add two hand-offs to every request. Order is kept: the host forwarded everything the
     * proxy had sent before it answered the identification.
     */
    private void send(PyrosNode.Command c, ActorRef<PyrosNode.Command> node) {
      if (node != null) {
        node.tell(c);
      } else {
        proxy.tell(c);
      }
    }

    /** Fails {@code c} at once when the node is known to be unreachable or moving, or its host may be gone. */
    private boolean refusedWhileMoving(PyrosNode.Command c, ActorRef<PyrosNode.Command> node, boolean moving, boolean linkLost) {
      if (moving) {
        return Refusal.refuse(c, ErrorCode.UNAVAILABLE, "the Pyros node is moving to another member; try again shortly");
      }
      if (linkLost) {
        return Refusal.refuse(c, ErrorCode.UNAVAILABLE, "the request link to the member hosting the Pyros node ("
            + node.path().address() + ") closed and the member has not answered since; the node moves if it is gone");
      }
      if (node != null && unreachable.contains(node.path().address())) {
        return Refusal.refuse(c, ErrorCode.UNAVAILABLE,
            "the member hosting the Pyros node (" + node.path().address() + ") is unreachable; the node moves once it is downed");
      }
      return false;
    }

    /** Null when the request can be serialized, else why not. */
    private String serializationProblem(Object message) {
      try {
        serialization.findSerializerFor(message).toBinary(message);
        return null;
      } catch (RuntimeException e) {
        return e.getMessage();
      }
    }
  }
}
