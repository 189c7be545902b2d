package org.pyros.spring.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code pyros.*} properties of a Spring application. They become Pyros's own configuration
 * (the {@code reference.conf} keys of the same names), over {@code application.conf} and the
 * defaults; what is not set here keeps that value (the master URI keeps ROS_MASTER_URI).
 *
 * @param system the graph the node runs on; required
 * @param nodeName the node's name in the ROS 1 or ROS 2 graph ({@code pyros.ros.node-name} /
 *     {@code pyros.ros2.node-name}; default {@code pyros} or PYROS_NODE_NAME)
 * @param ros ROS 1 settings
 * @param ros2 ROS 2 settings
 * @param cluster cluster member settings, for {@code system: cluster}
 * @param expose the names the node makes reachable (nothing by default)
 * @param gateway the rosbridge / Foxglove / HTTP gateway in front of the node
 * @param askTimeout how long client requests wait for the node (default 10s)
 * @param readyTimeout how long start waits for the node to learn the graph (default 10s)
 * @param config more settings of Pyros's configuration by their full key, e.g. {@code
 *     pyros.topic.queue-size: 50} under {@code pyros.config}
 */
@ConfigurationProperties("pyros")
public record PyrosProperties(
    SystemKind system,
    String nodeName,
    @DefaultValue Ros ros,
    @DefaultValue Ros2 ros2,
    @DefaultValue Cluster cluster,
    @DefaultValue Expose expose,
    @DefaultValue Gateway gateway,
    Duration askTimeout,
    Duration readyTimeout,
    Map<String, String> config) {

  public PyrosProperties {
    config = config == null ? Map.of() : Map.copyOf(config);
  }

  /** The graph a Pyros node runs on. */
  public enum SystemKind {
    /** A ROS 1 graph (a ROS master). */
    ROS1,
    /** A ROS 2 graph (a DDS domain). */
    ROS2,
    /** A graph inside this JVM, for tests and demos. */
    IN_MEMORY,
    /** A Pekko cluster whose one node runs on a member that hosts it. */
    CLUSTER
  }

  /**
   * @param masterUri the ROS master (default ROS_MASTER_URI, else http://127.0.0.1:11311)
   * @param hostname the address other nodes reach this one at (default ROS_HOSTNAME, ROS_IP or 127.0.0.1)
   */
  public record Ros(URI masterUri, String hostname) {}

  /**
   * @param domainId the DDS domain (default ROS_DOMAIN_ID, else 0)
   * @param peers where other participants are looked for ("host" or "host:port"; default 127.0.0.1)
   * @param qosProfile the QoS profile of topics not configured otherwise (default, sensor-data, latched)
   */
  public record Ros2(Integer domainId, List<String> peers, String qosProfile) {}

  /**
   * @param hostNode whether this member may host the node (else it is a client of the node elsewhere)
   * @param graph the graph a hosting member starts the node on (ros1, ros2 or in-memory)
   * @param seeds seed nodes, "host:port" or pekko:// addresses (default: this member alone)
   * @param hostname the address to bind and advertise (default PYROS_CLUSTER_HOST, else 127.0.0.1)
   * @param port the Artery port (default PYROS_CLUSTER_PORT, else 25520; 0 a free one)
   */
  public record Cluster(
      @DefaultValue("true") boolean hostNode,
      @DefaultValue("in-memory") SystemKind graph,
      List<String> seeds,
      String hostname,
      Integer port) {}

  /**
   * Name patterns (an exact name, a glob {@code /robot/*} or {@code /robot/**}, or {@code
   * re:REGEX}); a name is reachable when a pattern of its kind matches and no deny pattern does.
   *
   * @param topics the topics the node reaches
   * @param services the services the node reaches
   * @param params the parameters the node reaches
   * @param deny names never reached, of any kind
   */
  public record Expose(
      @DefaultValue List<String> topics,
      @DefaultValue List<String> services,
      @DefaultValue List<String> params,
      @DefaultValue List<String> deny) {}

  /**
   * @param enabled start the gateway (pyros-gateway on the class path)
   * @param host the interface to listen on (default 127.0.0.1)
   * @param port the port (default 9090; 0 a free one)
   */
  public record Gateway(@DefaultValue("false") boolean enabled, String host, Integer port) {}
}
