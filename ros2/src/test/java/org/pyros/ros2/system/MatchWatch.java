package org.pyros.ros2.system;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pyros.ros2.rtps.DiscoveryListener;
import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.wire.Guid;

/** What a test sees of its participant's matching: the pairs matched now, and every incompatibility reported. */
final class MatchWatch implements DiscoveryListener {
  /** One {@code incompatibleQos} report. */
  record Incompatible(Guid local, Guid remote, List<String> reasons) {}

  private final Set<List<Guid>> matched = ConcurrentHashMap.newKeySet();
  private final List<Incompatible> incompatible = new CopyOnWriteArrayList<>();

  @Override
  public void matched(Guid local, Guid remote) {
    matched.add(List.of(local, remote));
  }

  @Override
  public void unmatched(Guid local, Guid remote) {
    matched.remove(List.of(local, remote));
  }

  @Override
  public void incompatibleQos(Guid local, Guid remote, List<String> reasons) {
    incompatible.add(new Incompatible(local, remote, List.copyOf(reasons)));
  }

  /** True when one of our endpoints is matched now with one of {@code remotes}. */
  boolean matchedWithAny(Collection<EndpointData> remotes) {
    return remotes.stream().anyMatch(r -> matched.stream().anyMatch(pair -> pair.get(1).equals(r.guid())));
  }

  /** Our endpoints matched now with {@code remote}. */
  Set<Guid> localsMatchedWith(Guid remote) {
    Set<Guid> out = new java.util.HashSet<>();
    matched.stream().filter(pair -> pair.get(1).equals(remote)).forEach(pair -> out.add(pair.get(0)));
    return out;
  }

  List<Incompatible> incompatibilities() {
    return new ArrayList<>(incompatible);
  }

  @Override
  public String toString() {
    return "matched " + matched + ", incompatible " + incompatible;
  }
}
