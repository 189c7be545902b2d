package org.pyros.gateway.rosbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.junit.jupiter.api.Test;

class OutboxTest {
  private static Message text(String s) {
    return TextMessage.create(s);
  }

  private static List<String> drain(Outbox outbox) {
    List<String> out = new ArrayList<>();
    for (Message m; (m = outbox.poll()) != null; ) {
      out.add(m.asTextMessage().getStrictText());
    }
    return out;
  }

  @Test
  void aFullLaneDropsItsOldestAndKeepsTheOrderOfTheRest() {
    List<String> drops = new ArrayList<>();
    Outbox outbox = new Outbox(1 << 20, () -> drops.add("dropped"), () -> drops.add("cut off"));
    for (int i = 0; i < 5; i++) {
      outbox.offer("/a", text("a" + i), 2, 2);
      outbox.offer(Outbox.CONTROL, text("c" + i), 2, Integer.MAX_VALUE);
    }
    List<String> sent = drain(outbox);
    assertTrue(sent.containsAll(List.of("a3", "a4", "c0", "c1", "c2", "c3", "c4")), sent.toString());
    assertEquals(7, sent.size(), sent.toString());
    assertTrue(sent.indexOf("a3") < sent.indexOf("a4"));
    assertEquals(3, outbox.dropped());
    assertEquals(List.of("dropped", "dropped", "dropped"), drops, "each drop told");
    assertTrue(outbox.isEmpty());
  }

  @Test
  void tooManyBytesWaitingCutsTheOutboxOff() {
    List<String> cuts = new ArrayList<>();
    Outbox outbox = new Outbox(10, () -> cuts.add("dropped"), () -> cuts.add("cut off"));
    List<Integer> wakeUps = new ArrayList<>();
    outbox.onAvailable(() -> wakeUps.add(1));
    assertTrue(outbox.offer("/a", text("x"), 6, 100));
    assertNull(outbox.cutOffReason());
    outbox.offer("/a", text("y"), 6, 100);
    assertTrue(outbox.cutOffReason().contains("does not read"), outbox.cutOffReason());
    assertNull(outbox.poll(), "what waited is dropped");
    assertFalse(outbox.offer(Outbox.CONTROL, text("z"), 1, Integer.MAX_VALUE));
    assertEquals(2, wakeUps.size(), "the sender is woken to close the connection");
    assertEquals(List.of("cut off"), cuts);
  }

  @Test
  void cutRefusesLaterFrames() {
    List<String> cuts = new ArrayList<>();
    Outbox outbox = new Outbox(100, () -> cuts.add("dropped"), () -> cuts.add("cut off"));
    outbox.offer("/a", text("x"), 1, 10);
    outbox.cut("closed");
    assertEquals(List.of(), cuts, "a connection that ends is not a slow client cut off");
    assertEquals("closed", outbox.cutOffReason());
    assertTrue(outbox.isEmpty());
    assertFalse(outbox.offer("/a", text("y"), 1, 10));
  }
}
