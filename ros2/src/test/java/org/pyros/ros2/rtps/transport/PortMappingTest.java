package org.pyros.ros2.rtps.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PortMappingTest {
  private final PortMapping m = PortMapping.DEFAULT;

  @Test
  void domainZeroPortsAreTheOnesPeersUse() {
    assertEquals(7400, m.spdpMulticast(0));
    assertEquals(7401, m.userMulticast(0));
    assertEquals(7410, m.metatrafficUnicast(0, 0));
    assertEquals(7411, m.userUnicast(0, 0));
    assertEquals(7414, m.metatrafficUnicast(0, 2));
    assertEquals(7415, m.userUnicast(0, 2));
  }

  @Test
  void domainGainMovesEveryPort() {
    assertEquals(7400 + 250 * 42, m.spdpMulticast(42));
    assertEquals(7400 + 250 * 42 + 10 + 2 * 3, m.metatrafficUnicast(42, 3));
    assertEquals(7400 + 250 * 42 + 11 + 2 * 3, m.userUnicast(42, 3));
  }

  @Test
  void portsBeyond16BitsAreRefused() {
    assertEquals(7400 + 250 * 232, m.spdpMulticast(232));
    assertThrows(IllegalArgumentException.class, () -> m.spdpMulticast(233));
    assertThrows(IllegalArgumentException.class, () -> m.spdpMulticast(-1));
    int max = m.maxParticipantIndex(232);
    m.userUnicast(232, max);
    assertThrows(IllegalArgumentException.class, () -> m.userUnicast(232, max + 1));
    assertThrows(IllegalArgumentException.class, () -> m.metatrafficUnicast(0, -1));
  }
}
