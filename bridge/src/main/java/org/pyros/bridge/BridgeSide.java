package org.pyros.bridge;

import org.pyros.core.graph.GraphSnapshot;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.Registration;
import org.pyros.ros2.rtps.DiscoveryListener;
import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros.system.RosSystem;
import org.pyros.ros2.msg.Ros2Names;
import org.pyros.ros2.system.Ros2System;

/**
 * One of the bridge's two graphs: the system and how to tell whether someone other than the
 * bridge publishes a topic there (the bridge forwards only those, so that its own publications
 * do not start a forwarding back).
 *
 * @param name {@code ros1} or {@code ros2}, for logs
 * @param servers whether someone other than the bridge serves a service there
 */
public record BridgeSide(String name, GraphSystem system, ForeignPublishers publishers, PublisherWatch watch, ForeignServers servers) {

  /**
   * Calls back when publishers may have come or gone without the graph snapshot changing (a
   * second publisher of a topic already in the graph); {@link Registration#cancel} stops it.
   */
  @FunctionalInterface
  public interface PublisherWatch {
    Registration onChange(Runnable listener);
  }

  /** Whether a topic has a publisher other than ours. */
  @FunctionalInterface
  public interface ForeignPublishers {
    boolean any(String topic, GraphSnapshot graph);
  }

  /** Whether a service has a server other than ours. */
  @FunctionalInterface
  public interface ForeignServers {
    boolean any(String service, GraphSnapshot graph);
  }

  /** The ROS 1 side: publishers and servers are the nodes the master lists, other than our node. */
  public static BridgeSide ros1(RosSystem ros) {
    String self = ros.settings().nodeName();
    // The master's node lists are part of every snapshot: a new publisher changes it.
    return new BridgeSide("ros1", ros, (topic, graph) -> graph.nodes().values().stream()
        .anyMatch(n -> !n.name().equals(self) && n.publications().contains(topic)), listener -> () -> {},
        (service, graph) -> graph.nodes().values().stream().anyMatch(n -> !n.name().equals(self) && n.services().contains(service)));
  }

  /**
   * The ROS 2 side: publishers are the DDS writers of other participants (named as nodes or not),
   * servers their readers of a service's request topic.
   */
  public static BridgeSide ros2(Ros2System ros2) {
    return new BridgeSide("ros2", ros2, (topic, graph) -> {
      try {
        return !ros2.participant().graph().writersOn(Ros2Names.ddsTopic(topic)).isEmpty();
      } catch (IllegalArgumentException e) {
        return false;
      }
    }, listener -> ros2.participant().watch(new DiscoveryListener() {
      @Override
      public void endpointDiscovered(EndpointData endpoint) {
        listener.run();
      }

      @Override
      public void endpointLost(Guid endpoint) {
        listener.run();
      }

      @Override
      public void participantLost(GuidPrefix participant, String reason) {
        listener.run();
      }
    })::cancel, (service, graph) -> {
      try {
        return !ros2.participant().graph().readersOn(Ros2Names.requestTopic(service)).isEmpty();
      } catch (IllegalArgumentException e) {
        return false;
      }
    });
  }
}
