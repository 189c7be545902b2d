package org.pyros.ros2.system;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.Parameter;
import org.pyros.ros2.rtps.wire.ParameterId;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.ParameterListWriter;
import org.pyros.ros2.rtps.wire.ParameterValues;
import org.pyros.ros2.rtps.wire.RtpsFormatException;
import org.pyros.ros2.rtps.wire.SequenceNumbers;

/**
 * A request's identity as rmw_fastrtps_cpp carries it: a writer GUID and a sequence number, in a
 * DATA's inline QoS as its related sample identity (24 bytes: the GUID, then the sequence number
 * as high and low words). A request names there the reader its reply should go to (sequence
 * unknown); a reply names the request it answers (that reader, the request's sequence number).
 * Fast DDS 2.9 writes and reads only its own parameter id 0x800f; the standard id 0x0083 of
 * DDS-RPC is read too, and written beside it for the newer releases that use it.
 */
public record SampleIdentity(Guid writer, long sequence) {
  static final int LENGTH = Guid.LENGTH + 8;

  /**
   * The related sample identity of a DATA's inline QoS, if it has one. Fast DDS's id is read only
   * when the sender is not Cyclone DDS, which gives the same number another meaning.
   *
   * @throws RtpsFormatException when the parameter is there but shorter than an identity
   */
  public static Optional<SampleIdentity> related(ParameterList inlineQos, boolean senderIsCyclone) {
    Optional<Parameter> p = inlineQos.first(ParameterId.PID_RELATED_SAMPLE_IDENTITY);
    if (p.isEmpty() && !senderIsCyclone) {
      p = inlineQos.first(ParameterId.PID_FASTDDS_RELATED_SAMPLE_IDENTITY);
    }
    if (p.isEmpty()) {
      return Optional.empty();
    }
    ByteBuffer v = ParameterValues.need(p.get(), LENGTH);
    return Optional.of(new SampleIdentity(Guid.read(v), SequenceNumbers.read(v)));
  }

  /** This identity as the inline QoS of a DATA, under both parameter ids. */
  public ParameterList asRelatedQos() {
    return new ParameterListWriter()
        .put(ParameterId.PID_FASTDDS_RELATED_SAMPLE_IDENTITY, this::write)
        .put(ParameterId.PID_RELATED_SAMPLE_IDENTITY, this::write)
        .toParameterList();
  }

  private void write(ByteBuffer out) {
    writer.write(out);
    SequenceNumbers.write(out, sequence);
  }
}
