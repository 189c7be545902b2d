package org.pyros.ros2.rtps.wire;

import java.nio.ByteBuffer;

/**
 * The 4 bytes that name an entity inside a participant: a 3-byte key and a kind octet. The
 * built-in entities have fixed ids (DDS-RTPS 9.3.1.4); user writers and readers get keys from
 * their participant.
 */
public record EntityId(int value) {
  @Override
  public boolean equals(Object o) {
    return o instanceof EntityId e && e.value == value;
  }

  @Override
  public int hashCode() {
    return value;
  }

  public static final EntityId UNKNOWN = new EntityId(0x00000000);
  public static final EntityId PARTICIPANT = new EntityId(0x000001c1);
  public static final EntityId SPDP_WRITER = new EntityId(0x000100c2);
  public static final EntityId SPDP_READER = new EntityId(0x000100c7);
  public static final EntityId SEDP_PUBLICATIONS_WRITER = new EntityId(0x000003c2);
  public static final EntityId SEDP_PUBLICATIONS_READER = new EntityId(0x000003c7);
  public static final EntityId SEDP_SUBSCRIPTIONS_WRITER = new EntityId(0x000004c2);
  public static final EntityId SEDP_SUBSCRIPTIONS_READER = new EntityId(0x000004c7);
  public static final EntityId P2P_MESSAGE_WRITER = new EntityId(0x000200c2);
  public static final EntityId P2P_MESSAGE_READER = new EntityId(0x000200c7);

  /** Kind octet of a user writer with a key / without a key; of a user reader without / with. */
  public static final int KIND_WRITER_WITH_KEY = 0x02;
  public static final int KIND_WRITER_NO_KEY = 0x03;
  public static final int KIND_READER_NO_KEY = 0x04;
  public static final int KIND_READER_WITH_KEY = 0x07;

  /** A user-defined entity: {@code key} in the upper three bytes, {@code kind} in the last. */
  public static EntityId user(int key, int kind) {
    if (key < 0 || key > 0xffffff) {
      throw new IllegalArgumentException("entity key must fit in 3 bytes: " + key);
    }
    return new EntityId((key << 8) | (kind & 0xff));
  }

  public static EntityId read(ByteBuffer in) {
    // Entity ids are octets: big endian whatever the submessage's byte order.
    return new EntityId(((in.get() & 0xff) << 24) | ((in.get() & 0xff) << 16) | ((in.get() & 0xff) << 8) | (in.get() & 0xff));
  }

  public void write(ByteBuffer out) {
    out.put((byte) (value >>> 24)).put((byte) (value >>> 16)).put((byte) (value >>> 8)).put((byte) value);
  }

  public int kind() {
    return value & 0xff;
  }

  /** True for writers (built-in or user). */
  public boolean isWriter() {
    int k = kind() & 0x3f;
    return k == 0x02 || k == 0x03;
  }

  /** True for readers (built-in or user). */
  public boolean isReader() {
    int k = kind() & 0x3f;
    return k == 0x04 || k == 0x07;
  }

  /** True for the built-in entities (kind's upper bits 0b11). */
  public boolean isBuiltin() {
    return (kind() & 0xc0) == 0xc0;
  }

  @Override
  public String toString() {
    return String.format("%08x", value);
  }
}
