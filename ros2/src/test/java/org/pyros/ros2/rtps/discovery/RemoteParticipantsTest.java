package org.pyros.ros2.rtps.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.wire.GuidPrefix;

class RemoteParticipantsTest {
  private static ParticipantData participant(int n, Duration lease) {
    return new ParticipantData(new GuidPrefix(n, n), 0x0110, 1, 0, List.of(), List.of(), List.of(), List.of(), 0x3f,
        lease, new byte[0], "");
  }

  @Test
  void aParticipantStaysForItsOwnLeaseAfterItsLastAnnouncement() {
    RemoteParticipants t = new RemoteParticipants(10);
    long s = 1_000_000_000L;
    assertEquals(RemoteParticipants.Heard.NEW, t.heard(participant(1, Duration.ofSeconds(10)), 0));
    assertEquals(RemoteParticipants.Heard.NEW, t.heard(participant(2, Duration.ofSeconds(3)), 0));
    assertEquals(RemoteParticipants.Heard.REFRESHED, t.heard(participant(1, Duration.ofSeconds(10)), 8 * s));
    assertTrue(t.expire(3 * s).isEmpty(), "not before the lease runs out");
    assertEquals(List.of(participant(2, Duration.ofSeconds(3))), t.expire(3 * s + 1));
    assertTrue(t.expire(17 * s).isEmpty(), "the announcement at 8 s renewed the lease");
    assertEquals(1, t.expire(18 * s + 1).size());
    assertEquals(0, t.size());
  }

  @Test
  void aChangedAnnouncementIsReportedAsSuch() {
    RemoteParticipants t = new RemoteParticipants(10);
    t.heard(participant(1, Duration.ofSeconds(10)), 0);
    assertEquals(RemoteParticipants.Heard.CHANGED, t.heard(participant(1, Duration.ofSeconds(20)), 0));
  }

  @Test
  void anInfiniteLeaseNeverRunsOut() {
    RemoteParticipants t = new RemoteParticipants(10);
    t.heard(participant(1, Qos.INFINITE), 0);
    assertTrue(t.expire(Duration.ofDays(50 * 365).toNanos()).isEmpty(), "not within 50 years");
  }

  @Test
  void beyondCapacityNewParticipantsAreRefused() {
    RemoteParticipants t = new RemoteParticipants(2);
    t.heard(participant(1, Duration.ofSeconds(10)), 0);
    t.heard(participant(2, Duration.ofSeconds(10)), 0);
    assertEquals(RemoteParticipants.Heard.REFUSED, t.heard(participant(3, Duration.ofSeconds(10)), 0));
    assertEquals(RemoteParticipants.Heard.REFRESHED, t.heard(participant(2, Duration.ofSeconds(10)), 0));
    assertEquals(2, t.size());
  }
}
