package org.pyros.ros2.rtps;

import java.util.HashSet;
import java.util.Set;
import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.wire.Guid;

/** A writer or reader the user created on a participant, with what discovery matched it with. */
abstract class UserEndpoint {
  final Participant owner;
  final Guid guid;
  final EndpointData data;
  /** The endpoints it is matched with (remote or local); guarded by the owner's discovery lock. */
  final Set<Guid> matched = new HashSet<>();

  UserEndpoint(Participant owner, Guid guid, EndpointData data) {
    this.owner = owner;
    this.guid = guid;
    this.data = data;
  }

  /** Its GUID (LocalWriter and LocalReader both have one). */
  public Guid guid() {
    return guid;
  }

  /** Disposes it: peers drop it, its matches end. */
  public void close() {
    owner.closeEndpoint(this);
  }

  /** What it is matched with now (LocalWriter and LocalReader both tell). */
  public Set<Guid> matched() {
    synchronized (owner.discoveryLock()) {
      return Set.copyOf(matched);
    }
  }

  int matchedCount() {
    synchronized (owner.discoveryLock()) {
      return matched.size();
    }
  }
}
