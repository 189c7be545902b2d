package org.pyros.ros2.rtps.wire;

import java.nio.ByteBuffer;

/**
 * The submessages of an RTPS message that Pyros reads and writes (DDS-RTPS 8.3.7, 9.4.5).
 * Payload buffers are read-only views of the received datagram, not copies: a receiver that
 * keeps one past its handling of the datagram copies it.
 */
public sealed interface Submessage {

  /** A sample, or the whole serialized payload of one ({@code payload} null for a dispose without data). */
  record Data(EntityId readerId, EntityId writerId, long writerSn, ParameterList inlineQos, ByteBuffer payload,
      boolean keyOnly) implements Submessage {}

  /**
   * Fragments {@code [fragmentStart, fragmentStart + fragmentCount)} (numbered from 1) of a sample
   * of {@code sampleSize} bytes cut in fragments of {@code fragmentSize} bytes.
   */
  record DataFrag(EntityId readerId, EntityId writerId, long writerSn, int fragmentStart, int fragmentCount,
      int fragmentSize, int sampleSize, ParameterList inlineQos, ByteBuffer fragments) implements Submessage {}

  /** A writer's announcement that it holds {@code [firstSn, lastSn]}. */
  record Heartbeat(EntityId readerId, EntityId writerId, long firstSn, long lastSn, int count, boolean isFinal,
      boolean liveliness) implements Submessage {}

  /** A writer's announcement that fragments up to {@code lastFragment} of a sample are available. */
  record HeartbeatFrag(EntityId readerId, EntityId writerId, long writerSn, int lastFragment, int count)
      implements Submessage {}

  /** A reader's state: everything before {@code readerSnState.base()} received, its members missing. */
  record AckNack(EntityId readerId, EntityId writerId, NumberSet readerSnState, int count, boolean isFinal)
      implements Submessage {}

  /** A reader's request for the fragments of one sample that it is missing. */
  record NackFrag(EntityId readerId, EntityId writerId, long writerSn, NumberSet fragmentNumberState, int count)
      implements Submessage {}

  /** Sequence numbers {@code [gapStart, gapList.base())} and the members of gapList are not relevant. */
  record Gap(EntityId readerId, EntityId writerId, long gapStart, NumberSet gapList) implements Submessage {}

  /** The source time of the submessages that follow; {@code null} timestamp invalidates it. */
  record InfoTimestamp(Timestamp timestamp) implements Submessage {}

  /** The participant the submessages that follow are for ({@link GuidPrefix#UNKNOWN}: all). */
  record InfoDestination(GuidPrefix guidPrefix) implements Submessage {}

  /** The participant the submessages that follow come from. */
  record InfoSource(int protocolVersion, int vendorId, GuidPrefix guidPrefix) implements Submessage {}

  /** Padding; carries nothing. */
  record Pad() implements Submessage {}
}
