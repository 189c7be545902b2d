package org.pyros.core.graph;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A node of the graph and the names it uses, as {@code rosnode info} shows them.
 *
 * @param name global name, e.g. {@code /talker}
 * @param publications topics it publishes, sorted
 * @param subscriptions topics it subscribes to, sorted
 * @param services services it provides, sorted
 */
public record NodeInfo(String name, List<String> publications, List<String> subscriptions, List<String> services) {
  public NodeInfo {
    publications = sorted(publications);
    subscriptions = sorted(subscriptions);
    services = sorted(services);
  }

  private static List<String> sorted(Collection<String> names) {
    return List.copyOf(new TreeSet<>(names));
  }
}
