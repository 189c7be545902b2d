package org.pyros.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.pyros.core.client.ActorPyrosClient;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.peer.DdsPeers.Options;
import org.pyros.ros2.peer.FreeDomain;
import org.pyros.ros2.system.Ros2Settings;
import org.pyros.ros2.system.Ros2System;
import org.pyros.testkit.PyrosTestKit;

/**
 * What the gateway's ROS 2 tests share: a gateway in front of a Pyros node on a free ROS 2
 * domain (loopback), exposing everything, and Cyclone DDS peers shaped as the RMWs on that
 * domain, stopped with it.
 */
final class Ros2Gateway implements AutoCloseable {
  final String nodeName;
  final Ros2System system;
  final Gateway gateway;
  private final int domain;
  private final ActorTestKit actors;
  private final List<DdsPeers.Peer> peers = new ArrayList<>();

  private Ros2Gateway(String nodeName, int domain, ActorTestKit actors, Ros2System system, Gateway gateway) {
    this.nodeName = nodeName;
    this.domain = domain;
    this.actors = actors;
    this.system = system;
    this.gateway = gateway;
  }

  static Ros2Gateway start(String nodeName) throws Exception {
    DdsPeers.buildRos2Peers();
    int domain = FreeDomain.pick();
    ActorTestKit actors = ActorTestKit.create();
    Ros2System system = null;
    try {
      system = Ros2System.start(Ros2Settings.loopback(domain, nodeName));
      NodeSettings node = NodeSettings.fromConfig(actors.system().settings().config()).withExposure(PyrosTestKit.EVERYTHING);
      ActorRef<PyrosNode.Command> ref = actors.spawn(PyrosNode.create(system, node));
      GatewaySettings settings = GatewaySettings.fromConfig(actors.system().settings().config()).withPort(0);
      Gateway gateway = Gateway.start(actors.system(), ActorPyrosClient.create(actors.system(), ref), ref, settings)
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
      return new Ros2Gateway(system.settings().nodeName(), domain, actors, system, gateway);
    } catch (Exception e) {
      actors.shutdownTestKit();
      if (system != null) {
        system.close();
      }
      throw e;
    }
  }

  /** Starts a Cyclone {@code ros2peer} on the domain, stopped by {@link #close}. */
  DdsPeers.Peer peer(String... args) {
    DdsPeers.Peer p = DdsPeers.ros2Peer(Kind.CYCLONE, Options.domain(domain), args);
    peers.add(p);
    return p;
  }

  /** The peers' output, for failure messages. */
  String peersOutput() {
    return peers.stream().map(DdsPeers.Peer::toString).collect(Collectors.joining("\n"));
  }

  @Override
  public void close() throws Exception {
    for (int i = peers.size() - 1; i >= 0; i--) {
      peers.get(i).close();
    }
    gateway.close();
    actors.shutdownTestKit();
    system.close();
  }
}
