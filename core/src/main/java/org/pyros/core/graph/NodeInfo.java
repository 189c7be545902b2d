package org.pyros.core.graph;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node of the graph and the names it uses, as {@code rosnode info} shows them.
 *
 * @param name global name, e.g. {@code /talker}
 * @param publications topics it publishes, sorted
 * @param subscriptions topics it subscribes to, sorted
 * @param services services it provides, sorted
 */
public record NodeInfo(String name, Set<String> publications, Set<String> subscriptions, Set<String> services) {
  public NodeInfo {
    publications = sorted(publications);
    subscriptions = sorted(subscriptions);
    services = sorted(services);
  }

  private static Set<String> sorted(Set<String> names) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(names));
  }
}
