package org.pyros.ros2.rtps.discovery;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.pekko.util.ByteString;
import org.pyros.ros2.rtps.endpoint.Sample;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.ParameterLists;
import org.pyros.ros2.rtps.wire.ReceiveContext;
import org.pyros.ros2.rtps.wire.RtpsFormatException;
import org.pyros.ros2.rtps.wire.Submessage.Data;

/**
 * Fuzzes what discovery makes of a peer's DATA(p), DATA(w) and DATA(r): the first bytes are the
 * inline QoS (a parameter list), the rest the serialized payload. SPDP refuses bad input with
 * {@link RtpsFormatException} only; SEDP turns it into a Malformed event and never throws.
 */
class DiscoveryDataFuzzTest {
  private static final GuidPrefix SOURCE = new GuidPrefix(0x0110_0000_0000_0001L, 2);

  @FuzzTest(maxDuration = "8s")
  void read(byte[] bytes) {
    ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int split = bytes.length == 0 ? 0 : (bytes[0] & 0xff) % (bytes.length + 1);
    ParameterList inline = ParameterList.EMPTY;
    try {
      inline = ParameterLists.read(all.slice(0, split).order(ByteOrder.LITTLE_ENDIAN), ByteOrder.LITTLE_ENDIAN);
    } catch (RtpsFormatException e) {
      // then no inline QoS
    }
    ByteBuffer payload = all.slice(split, bytes.length - split).asReadOnlyBuffer();
    boolean keyOnly = bytes.length > 1 && (bytes[1] & 1) != 0;
    try {
      Spdp.read(new ReceiveContext(SOURCE, GuidPrefix.UNKNOWN, null, 0x0110),
          new Data(EntityId.SPDP_READER, EntityId.SPDP_WRITER, 1, inline, payload, keyOnly));
    } catch (RtpsFormatException expected) {
      // refused as malformed
    }
    Sedp.read(new Sample(new Guid(SOURCE, EntityId.SEDP_PUBLICATIONS_WRITER), 1, null, inline,
        ByteString.fromByteBuffer(payload)));
  }
}
