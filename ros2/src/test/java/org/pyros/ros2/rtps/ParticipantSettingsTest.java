package org.pyros.ros2.rtps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParticipantSettingsTest {
  @Test
  void loopbackAnnouncesTo127001AtTheFirstTwentyIndexesWithoutMulticast() {
    ParticipantSettings s = ParticipantSettings.loopback(5);
    assertEquals(InetAddress.getLoopbackAddress(), s.bindAddress());
    assertTrue(s.multicast().isEmpty());
    assertEquals(-1, s.participantIndex());
    List<InetSocketAddress> targets = s.announceTargets();
    assertEquals(20, targets.size());
    assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 7400 + 250 * 5 + 10), targets.get(0));
    assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 7400 + 250 * 5 + 10 + 2 * 19), targets.get(19));
  }

  @Test
  void initialPeersReplaceTheIndexSweep() {
    InetSocketAddress peer = new InetSocketAddress(InetAddress.getLoopbackAddress(), 7412);
    assertEquals(List.of(peer), ParticipantSettings.loopback(0).withInitialPeers(List.of(peer)).announceTargets());
  }

  @Test
  void settingsThatCannotWorkAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ParticipantSettings.loopback(233));
    assertThrows(IllegalArgumentException.class, () -> ParticipantSettings.loopback(0).withParticipantIndex(-2));
    assertThrows(IllegalArgumentException.class,
        () -> ParticipantSettings.loopback(0).withLease(Duration.ofSeconds(2), Duration.ofSeconds(2)));
    assertThrows(IllegalArgumentException.class,
        () -> ParticipantSettings.loopback(0).withLease(Duration.ofMillis(500), Duration.ofMillis(100)));
  }
}
