package org.pyros.cli;

import java.util.Map;
import java.util.List;
import org.pyros.core.graph.NodeInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pyros nodes [NODE]}: the nodes of the graph, like {@code rosnode list} and {@code rosnode info}. */
@Command(name = "nodes", mixinStandardHelpOptions = true,
    description = {"List the nodes of the graph, one name per line; with NODE, what it publishes, subscribes to "
        + "and provides.", "On ROS 2 the nodes are those that announce themselves on ros_discovery_info, as every "
        + "ROS 2 node does."})
final class NodesCommand extends GraphCommand implements AnsweredByMaster {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NODE", description = "a node's global name, e.g. /talker")
  String node;

  @Override
  boolean onRos2() {
    return true;
  }

  @Override
  void resolveNames(java.util.function.UnaryOperator<String> resolve) {
    node = node == null ? null : resolve.apply(node);
  }

  @Override
  int run(GraphConnection ros) {
    return print(ros.graphNodes(), ros.where());
  }

  @Override
  public int runOnMaster(MasterConnection master, String callerId) {
    return print(master.nodes(), master.where());
  }

  private int print(Map<String, NodeInfo> nodes, String where) {
    if (node == null) {
      nodes.keySet().forEach(this::print);
      return 0;
    }
    NodeInfo info = nodes.get(node);
    if (info == null) {
      throw new CliFailure("no node " + node + " in the graph of " + where);
    }
    print("Node: " + info.name());
    section("Publications", info.publications());
    section("Subscriptions", info.subscriptions());
    section("Services", info.services());
    return 0;
  }

  private void section(String title, List<String> names) {
    print(title + ":" + (names.isEmpty() ? " none" : ""));
    names.forEach(n -> print(" * " + n));
  }
}
