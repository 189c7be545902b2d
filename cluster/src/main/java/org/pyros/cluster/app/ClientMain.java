package org.pyros.cluster.app;

import org.pyros.cluster.PyrosCluster;

/**
 * A member that only uses the node (role {@code pyros-client} unless {@code PYROS_ROLES} says
 * otherwise; never the node role). Driven by the {@link MemberConsole} line protocol on
 * stdin/stdout; see cluster/README.md.
 */
public final class ClientMain {
  private ClientMain() {}

  public static void main(String[] args) throws Exception {
    AppMember member = AppMember.start("client-role");
    new MemberConsole(member.system(), PyrosCluster.client(member.system())).run();
  }
}
