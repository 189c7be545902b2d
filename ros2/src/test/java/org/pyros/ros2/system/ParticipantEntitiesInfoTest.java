package org.pyros.ros2.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.cdr.CdrFormatException;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.system.ParticipantEntitiesInfo.GidForm;
import org.pyros.ros2.system.ParticipantEntitiesInfo.NodeEntities;

class ParticipantEntitiesInfoTest {
  private static final GuidPrefix PREFIX = new GuidPrefix(0x0110aabbccddeeffL, 0x01020304);
  private static final ParticipantEntitiesInfo INFO = new ParticipantEntitiesInfo(new Guid(PREFIX, EntityId.PARTICIPANT),
      List.of(new NodeEntities("/robot", "driver", List.of(new Guid(PREFIX, new EntityId(0x104))),
          List.of(new Guid(PREFIX, new EntityId(0x203)), new Guid(PREFIX, new EntityId(0x303)))),
          new NodeEntities("/", "idle", List.of(), List.of())));

  @Test
  void eachGidFormReadsBackAsItself() {
    for (GidForm form : GidForm.values()) {
      ParticipantEntitiesInfo.Decoded d = ParticipantEntitiesInfo.decode(INFO.encode(form));
      assertEquals(INFO, d.info(), form.name());
      assertEquals(form, d.form());
    }
  }

  @Test
  void aParticipantWithNoNodesIsReadInItsForm() {
    ParticipantEntitiesInfo empty = new ParticipantEntitiesInfo(INFO.participant(), List.of());
    for (GidForm form : GidForm.values()) {
      assertEquals(form, ParticipantEntitiesInfo.decode(empty.encode(form)).form());
    }
  }

  @Test
  void globalNamesJoinNamespaceAndName() {
    assertEquals("/robot/driver", INFO.nodes().get(0).globalName());
    assertEquals("/idle", INFO.nodes().get(1).globalName());
  }

  @Test
  void bytesInNeitherFormAreRefused() {
    ByteString humble = INFO.encode(GidForm.HUMBLE);
    assertThrows(CdrFormatException.class, () -> ParticipantEntitiesInfo.decode(humble.take(humble.size() - 5)));
    assertThrows(CdrFormatException.class, () -> ParticipantEntitiesInfo.decode(humble.concat(ByteString.fromArray(new byte[8]))));
  }
}
