package org.pyros.ros.system;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pyros.ros.master.RosNames;

/**
 * Resolves graph resource names as a ROS node does (ROS wiki "Names"): a global name ({@code /x})
 * stays, a relative one ({@code x}) goes into the node's namespace, a private one ({@code ~x})
 * under the node itself; then the node's remappings apply to the resolved name. Both sides of a
 * remapping are resolved against the node first, as rospy and roscpp do.
 */
public final class RosNameResolver {
  private final String nodeName;
  private final Map<String, String> remappings;

  private RosNameResolver(String nodeName, Map<String, String> remappings) {
    this.nodeName = nodeName;
    this.remappings = Map.copyOf(remappings);
  }

  /**
   * A resolver for node {@code nodeName} (global) with remappings as written ({@code from} to
   * {@code to}, in order: a later one for the same name wins).
   *
   * @throws IllegalArgumentException when the node name or a remapped name is not a legal ROS name
   */
  public static RosNameResolver of(String nodeName, Map<String, String> remappings) {
    String node = RosNames.canonicalize(nodeName);
    if (!RosNames.isGlobal(node) || !RosNames.isLegal(node) || node.equals(RosNames.GLOBAL_NS)) {
      throw new IllegalArgumentException("the node name must be a global ROS name like /talker, not '" + nodeName + "'");
    }
    Map<String, String> resolved = new LinkedHashMap<>();
    remappings.forEach((from, to) -> resolved.put(resolve(node, from, "remapping source"), resolve(node, to, "remapping target")));
    return new RosNameResolver(node, resolved);
  }

  /** A resolver for {@code nodeName} with no remappings. */
  public static RosNameResolver of(String nodeName) {
    return of(nodeName, Map.of());
  }

  /** The node's global name, e.g. {@code /robot/talker}. */
  public String nodeName() {
    return nodeName;
  }

  /** The node's namespace, e.g. {@code /robot} ({@code /} at the root). */
  public String namespace() {
    String ns = RosNames.namespace(nodeName);
    return ns.length() > 1 ? ns.substring(0, ns.length() - 1) : ns;
  }

  /** The remappings, both sides resolved. */
  public Map<String, String> remappings() {
    return remappings;
  }

  /**
   * The global name {@code name} stands for in this node: resolved, then remapped.
   *
   * @throws IllegalArgumentException when {@code name} is not a legal ROS name
   */
  public String resolve(String name) {
    String resolved = resolve(nodeName, name, "name");
    return remappings.getOrDefault(resolved, resolved);
  }

  private static String resolve(String node, String name, String what) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("empty ROS " + what);
    }
    if (!RosNames.isLegal(name)) {
      throw new IllegalArgumentException("'" + name + "' is not a legal ROS " + what
          + ": it starts with a letter, / or ~ and goes on with letters, digits, _ and /");
    }
    return RosNames.resolve(name, node);
  }

  @Override
  public String toString() {
    return "names of " + nodeName + (remappings.isEmpty() ? "" : " remapped " + remappings);
  }
}
