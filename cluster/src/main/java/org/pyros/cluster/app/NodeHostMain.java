package org.pyros.cluster.app;

import java.time.Duration;
import org.apache.pekko.cluster.typed.Cluster;
import org.pyros.cluster.PyrosCluster;

/**
 * A member that may host the node (role {@code pyros-node} unless {@code PYROS_ROLES} says
 * otherwise). When it hosts, the node runs on a {@link SimulatedSystem}. Driven by the
 * {@link MemberConsole} line protocol on stdin/stdout; see cluster/README.md.
 */
public final class NodeHostMain {
  private NodeHostMain() {}

  public static void main(String[] args) throws Exception {
    AppMember member = AppMember.start("node-role");
    String self = Cluster.get(member.system()).selfMember().address().hostPort();
    Duration period = member.config().getDuration("pyros.cluster.app.tick-period");
    PyrosCluster cluster = PyrosCluster.host(member.system(), () -> SimulatedSystem.start(self, period));
    new MemberConsole(member.system(), cluster).run();
  }
}
