package org.pyros.ros2.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;

class LastDeliveredTest {
  private static Guid writer(int n) {
    return new Guid(new GuidPrefix(0x1000L + n, n), EntityId.user(1, EntityId.KIND_WRITER_NO_KEY));
  }

  @Test
  void aSampleNotNewerThanTheLastOfItsWriterIsRecognisedAcrossOtherWriters() {
    LastDelivered last = new LastDelivered(8);
    assertTrue(last.isNew(writer(1), 1));
    assertTrue(last.isNew(writer(1), 2));
    assertFalse(last.isNew(writer(1), 2), "the same again");
    assertTrue(last.isNew(writer(2), 1), "another writer counts on its own");
    assertFalse(last.isNew(writer(1), 1), "writer 1's last is remembered while writer 2 spoke");
    assertTrue(last.isNew(writer(1), 3));
    assertFalse(last.isNew(writer(2), 1));
  }

  @Test
  void onlyTheWritersHeardMostRecentlyAreRemembered() {
    LastDelivered last = new LastDelivered(2);
    assertTrue(last.isNew(writer(1), 5));
    assertTrue(last.isNew(writer(2), 5));
    assertTrue(last.isNew(writer(3), 5));
    assertTrue(last.isNew(writer(4), 5));
    assertFalse(last.isNew(writer(3), 5), "recent: remembered");
    assertTrue(last.isNew(writer(1), 5), "the least recent was let go: its old sample passes again");
  }
}
