package org.pyros.ros2.rtps.wire;

import java.nio.ByteBuffer;

/** The globally unique name of an RTPS entity: its participant's prefix and its entity id. */
public record Guid(GuidPrefix prefix, EntityId entityId) {
  @Override
  public boolean equals(Object o) {
    return o instanceof Guid g && g.entityId.value() == entityId.value() && g.prefix.equals(prefix);
  }

  @Override
  public int hashCode() {
    return prefix.hashCode() * 31 + entityId.value();
  }

  public static final int LENGTH = 16;

  public static Guid read(ByteBuffer in) {
    return new Guid(GuidPrefix.read(in), EntityId.read(in));
  }

  public void write(ByteBuffer out) {
    prefix.write(out);
    entityId.write(out);
  }

  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    write(b);
    return b.array();
  }

  @Override
  public String toString() {
    return prefix + "|" + entityId;
  }
}
