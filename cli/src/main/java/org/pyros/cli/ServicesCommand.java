package org.pyros.cli;

import java.util.Comparator;
import java.util.List;
import org.pyros.core.graph.ServiceInfo;
import picocli.CommandLine.Command;

/** {@code pyros services}: the services in the graph with their types. */
@Command(name = "services", mixinStandardHelpOptions = true,
    description = "List the services in the graph, one 'NAME TYPE' per line (TYPE '?' while unknown).")
final class ServicesCommand extends GraphCommand implements AnsweredByMaster {
  @Override
  boolean onRos2() {
    return true;
  }

  @Override
  int run(GraphConnection connection) {
    var expected = connection.graphServices();
    // The node learns a ROS 1 service's type by probing its server after a poll: wait for them.
    List<ServiceInfo> services = connection.poll(() -> connection.client().services(),
        seen -> seen.stream().filter(s -> !s.type().isEmpty()).map(ServiceInfo::name).toList().containsAll(expected));
    print(services);
    return 0;
  }

  @Override
  public int runOnMaster(MasterConnection master, String callerId) {
    print(master.services(callerId, connection.graphWait()));
    return 0;
  }

  private void print(List<ServiceInfo> services) {
    services.stream().sorted(Comparator.comparing(ServiceInfo::name))
        .forEach(s -> print(s.name() + " " + (s.type().isEmpty() ? "?" : s.type())));
  }
}
