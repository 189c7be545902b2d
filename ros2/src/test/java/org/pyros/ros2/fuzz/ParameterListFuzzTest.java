package org.pyros.ros2.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterAll;
import org.pyros.ros2.rtps.discovery.EndpointData;
import org.pyros.ros2.rtps.discovery.ParticipantData;
import org.pyros.ros2.rtps.wire.Encapsulation;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.ParameterListWriter;
import org.pyros.ros2.rtps.wire.RtpsFormatException;

/**
 * Fuzzes the serialized payload of discovery data: the PL_CDR parameter list, then the SPDP
 * (ParticipantData) and SEDP (EndpointData) codecs on it. Any bytes decode or are refused with
 * {@link RtpsFormatException}; a list written again reads equal, and decoded data written again
 * decodes to equal data.
 */
class ParameterListFuzzTest {
  private static final FuzzTally tally = new FuzzTally("rtps-parameter-list");

  @FuzzTest(maxDuration = "8s")
  void decode(byte[] bytes) {
    tally.input();
    ParameterList list;
    try {
      list = Encapsulation.readParameterList(ByteBuffer.wrap(bytes));
    } catch (RtpsFormatException e) {
      tally.refused();
      return;
    }
    ParameterListWriter w = new ParameterListWriter(list.order());
    w.putAll(list);
    assertEquals(list, Encapsulation.readParameterList(w.toPayload()));
    boolean decoded = false;
    try {
      ParticipantData p = ParticipantData.fromParameterList(list);
      assertEquals(p, ParticipantData.fromParameterList(Encapsulation.readParameterList(p.toPayload())));
      decoded = true;
    } catch (RtpsFormatException e) {
      // refused: the next codec may take it
    }
    try {
      EndpointData e = EndpointData.fromParameterList(list);
      assertEquals(e, EndpointData.fromParameterList(Encapsulation.readParameterList(e.toPayload())));
      decoded = true;
    } catch (RtpsFormatException e) {
      // refused
    }
    if (!decoded) {
      tally.refused();
    }
  }

  @AfterAll
  static void record() {
    tally.write();
  }
}
