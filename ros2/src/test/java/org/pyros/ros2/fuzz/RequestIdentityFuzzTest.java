package org.pyros.ros2.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.ros2.rtps.wire.Encapsulation;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.RtpsFormatException;
import org.pyros.ros2.system.CycloneRequestHeader;
import org.pyros.ros2.system.SampleIdentity;

/**
 * Fuzzes what a service request or reply brings to identify itself: Cyclone's request header in
 * front of a payload, and the related sample identity in a DATA's inline QoS (a PL_CDR list, as
 * the inline QoS reader hands it on). Any input is read or refused with {@link
 * MessageFormatException} / {@link RtpsFormatException}; what is read writes back the same.
 */
class RequestIdentityFuzzTest {
  private static final FuzzTally tally = new FuzzTally("ros2-request-identity");

  @FuzzTest(maxDuration = "8s")
  void decode(FuzzedDataProvider data) {
    tally.input();
    boolean cyclone = data.consumeBoolean();
    byte[] inlineQos = data.consumeBytes(data.consumeInt(0, 256));
    byte[] payload = data.consumeRemainingAsBytes();
    boolean read = false;
    try {
      CycloneRequestHeader h = CycloneRequestHeader.read(ByteBuffer.wrap(payload));
      ByteBuffer stripped = CycloneRequestHeader.strip(ByteBuffer.wrap(payload));
      assertEquals(payload.length - 16, stripped.remaining());
      assertEquals(ByteBuffer.wrap(payload), h.prepend(stripped));
      read = true;
    } catch (MessageFormatException e) {
      // refused
    }
    try {
      ParameterList list = Encapsulation.readParameterList(ByteBuffer.wrap(inlineQos));
      Optional<SampleIdentity> id = SampleIdentity.related(list, cyclone);
      if (id.isPresent()) {
        assertEquals(id, SampleIdentity.related(id.get().asRelatedQos(), cyclone));
        read = true;
      }
    } catch (RtpsFormatException e) {
      // refused
    }
    if (!read) {
      tally.refused();
    }
  }

  @AfterAll
  static void record() {
    tally.write();
  }
}
