package org.pyros.ros.system;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.peer.RosPeer;

/**
 * A real {@code rosmaster} on a free port and a Pyros node on it, for one test class:
 * {@code @RegisterExtension static final RosGraph graph = RosGraph.withNode("pyros_x");}.
 * Both are stopped after the class.
 */
final class RosGraph implements BeforeAllCallback, AfterAllCallback {
  /** Prepares the node's type registry once the master (and its scratch folder) exists. */
  @FunctionalInterface
  interface TypesSetup {
    MessageTypes prepare(RosPeer ros) throws Exception;
  }

  private final String nodeName;
  private final TypesSetup types;
  private RosPeer ros;
  private RosNodeFixture pyros;

  private RosGraph(String nodeName, TypesSetup types) {
    this.nodeName = nodeName;
    this.types = types;
  }

  /** A node with types from the ROS package path. */
  static RosGraph withNode(String nodeName) {
    return new RosGraph(nodeName, ros -> MessageTypes.fromEnvironment());
  }

  /** A node whose type registry {@code types} makes (e.g. with a package written for the test). */
  static RosGraph withNode(String nodeName, TypesSetup types) {
    return new RosGraph(nodeName, types);
  }

  /** The real ROS side: the master, and ROS programs started against it. */
  RosPeer ros() {
    return ros;
  }

  /** The Pyros node under test. */
  RosNodeFixture pyros() {
    return pyros;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    ros = RosPeer.startMaster();
    pyros = RosNodeFixture.start(ros.masterUri(), nodeName, types.prepare(ros));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (pyros != null) {
      pyros.close();
    }
    if (ros != null) {
      ros.close();
    }
  }
}
