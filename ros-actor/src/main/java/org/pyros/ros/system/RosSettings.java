package org.pyros.ros.system;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and how the ROS1 system connects (see {@code pyros.ros} in reference.conf).
 *
 * @param nodeName global name of the Pyros node, e.g. {@code /pyros}
 * @param masterUri the ROS master (ROS_MASTER_URI)
 * @param hostname the address advertised to other nodes (ROS_HOSTNAME / ROS_IP)
 * @param bindAddress the interface our servers listen on
 * @param xmlrpcPort port of the node's XML-RPC (slave API) server, 0 = free
 * @param tcprosPort port of the node's TCPROS server, 0 = free
 * @param graphPollInterval how often the master is asked for the graph
 * @param masterTimeout limit for each call to the master and each connection to a node
 * @param shutdownOnRequest whether a node API {@code shutdown} call shuts the node down (as in rospy)
 * @param remappings the node's remappings as written ({@code from} to {@code to}), resolved against
 *     {@code nodeName} by {@link #names()}
 */
public record RosSettings(
    String nodeName,
    URI masterUri,
    String hostname,
    String bindAddress,
    int xmlrpcPort,
    int tcprosPort,
    Duration graphPollInterval,
    Duration masterTimeout,
    boolean shutdownOnRequest,
    Map<String, String> remappings) {

  public RosSettings {
    remappings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(remappings));
    RosNameResolver.of(nodeName, remappings); // refuses an illegal node name or remapping now
  }

  /** Settings with no remappings. */
  public RosSettings(String nodeName, URI masterUri, String hostname, String bindAddress, int xmlrpcPort,
      int tcprosPort, Duration graphPollInterval, Duration masterTimeout, boolean shutdownOnRequest) {
    this(nodeName, masterUri, hostname, bindAddress, xmlrpcPort, tcprosPort, graphPollInterval, masterTimeout,
        shutdownOnRequest, Map.of());
  }

  /** Settings that honour shutdown requests. */
  public RosSettings(String nodeName, URI masterUri, String hostname, String bindAddress, int xmlrpcPort,
      int tcprosPort, Duration graphPollInterval, Duration masterTimeout) {
    this(nodeName, masterUri, hostname, bindAddress, xmlrpcPort, tcprosPort, graphPollInterval, masterTimeout, true);
  }

  /**
   * Reads {@code pyros.ros} from the configuration, then applies its {@code arguments} (ROS
   * arguments such as {@code chatter:=/remapped} or {@code __ns:=/robot}).
   *
   * @throws IllegalArgumentException when a name or an argument is not legal
   */
  public static RosSettings fromConfig(Config config) {
    Config c = config.getConfig("pyros.ros");
    String host = c.getString("hostname");
    String bind = c.getString("bind-address");
    RosSettings base = new RosSettings(
        globalName(c.getString("namespace"), c.getString("node-name")),
        URI.create(c.getString("master-uri")),
        host,
        bind.isEmpty() ? host : bind,
        c.getInt("xmlrpc-port"),
        c.getInt("tcpros-port"),
        c.getDuration("graph-poll-interval"),
        c.getDuration("master-timeout"),
        !c.hasPath("shutdown-on-request") || c.getBoolean("shutdown-on-request"));
    return c.hasPath("arguments") ? base.withArguments(RosArguments.parse(c.getStringList("arguments"))) : base;
  }

  /** Settings for a master at {@code masterUri}, everything else on loopback with defaults. */
  public static RosSettings forMaster(String nodeName, URI masterUri) {
    return new RosSettings(globalName("/", nodeName), masterUri, "127.0.0.1", "127.0.0.1", 0, 0,
        Duration.ofMillis(500), Duration.ofSeconds(5));
  }

  public RosSettings withGraphPollInterval(Duration d) {
    return new RosSettings(nodeName, masterUri, hostname, bindAddress, xmlrpcPort, tcprosPort, d, masterTimeout,
        shutdownOnRequest, remappings);
  }

  public RosSettings withShutdownOnRequest(boolean honour) {
    return new RosSettings(nodeName, masterUri, hostname, bindAddress, xmlrpcPort, tcprosPort, graphPollInterval,
        masterTimeout, honour, remappings);
  }

  /**
   * These settings as ROS arguments change them, as in rospy and roscpp: {@code __name} replaces
   * the node's base name and {@code __ns} its namespace; {@code __master} replaces the master URI;
   * {@code __hostname}, else {@code __ip}, the advertised address (and the bind address when that
   * was the advertised one); remappings are added (a later one for a name wins).
   */
  public RosSettings withArguments(RosArguments args) {
    String base = nodeName.substring(nodeName.lastIndexOf('/') + 1);
    String node = globalName(args.special("ns").orElse(namespace()), args.special("name").orElse(base));
    URI master = args.special("master").map(URI::create).orElse(masterUri);
    String host = args.special("hostname").or(() -> args.special("ip")).orElse(hostname);
    String bind = bindAddress.equals(hostname) ? host : bindAddress;
    Map<String, String> remaps = new LinkedHashMap<>(remappings);
    args.remappings().forEach((from, to) -> {
      remaps.remove(from);
      remaps.put(from, to);
    });
    return new RosSettings(node, master, host, bind, xmlrpcPort, tcprosPort, graphPollInterval, masterTimeout,
        shutdownOnRequest, remaps);
  }

  /** The node's namespace, e.g. {@code /robot} ({@code /} at the root): where relative names go. */
  public String namespace() {
    return names().namespace();
  }

  /** How this node resolves graph resource names: its namespace, private names, remappings. */
  public RosNameResolver names() {
    return RosNameResolver.of(nodeName, remappings);
  }

  /** Resolves a node name against a namespace, as ROS does for a node's own name. */
  static String globalName(String namespace, String name) {
    if (name.startsWith("/")) {
      return name;
    }
    String ns = namespace.isEmpty() || namespace.equals("/") ? "" : (namespace.startsWith("/") ? namespace : "/" + namespace);
    ns = ns.endsWith("/") ? ns.substring(0, ns.length() - 1) : ns;
    return ns + "/" + name;
  }
}
