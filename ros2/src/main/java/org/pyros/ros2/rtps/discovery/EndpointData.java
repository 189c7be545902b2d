package org.pyros.ros2.rtps.discovery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.Parameter;
import org.pyros.ros2.rtps.wire.ParameterId;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.ParameterListWriter;
import org.pyros.ros2.rtps.wire.ParameterValues;
import org.pyros.ros2.rtps.wire.RtpsFormatException;

/**
 * What SEDP announces of a writer (DiscoveredWriterData, DATA(w)) or a reader
 * (DiscoveredReaderData, DATA(r)), DDS-RTPS 8.5.4.2 and 9.6.3: whether it is a writer follows
 * from its entity id. Empty locator lists mean "the participant's default locators".
 *
 * @param dataRepresentation DDS-XTypes data representation ids offered (writer: the first is
 *     used) or accepted (reader): {@link #XCDR}, {@link #XCDR2}
 * @param expectsInlineQos a reader's wish to get the writer's QoS inline with each DATA (false for a writer)
 */
public record EndpointData(Guid guid, Guid participant, String topicName, String typeName, Qos qos,
    List<Locator> unicast, List<Locator> multicast, byte[] userData, List<Integer> dataRepresentation,
    boolean expectsInlineQos) {

  public static final int XCDR = 0;
  public static final int XML = 1;
  public static final int XCDR2 = 2;
  /** DDS-XTypes 7.6.3.1.1: what an endpoint uses when it announces no data representation. */
  public static final List<Integer> DEFAULT_DATA_REPRESENTATION = List.of(XCDR);

  public EndpointData {
    Objects.requireNonNull(guid, "guid");
    Objects.requireNonNull(participant, "participant");
    Objects.requireNonNull(topicName, "topicName");
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(qos, "qos");
    if (!guid.entityId().isWriter() && !guid.entityId().isReader()) {
      throw new IllegalArgumentException("not a writer or reader entity: " + guid);
    }
    unicast = List.copyOf(unicast);
    multicast = List.copyOf(multicast);
    userData = userData.clone();
    dataRepresentation = List.copyOf(dataRepresentation);
  }

  /** A writer's or reader's data as Pyros announces it: no locators of its own, XCDR, no user data. */
  public static EndpointData of(Guid guid, String topicName, String typeName, Qos qos) {
    return new EndpointData(guid, new Guid(guid.prefix(), EntityId.PARTICIPANT), topicName, typeName, qos, List.of(),
        List.of(), new byte[0], DEFAULT_DATA_REPRESENTATION, false);
  }

  public boolean isWriter() {
    return guid.entityId().isWriter();
  }

  @Override
  public byte[] userData() {
    return userData.clone();
  }

  /** USER_DATA read as ROS 2's {@code key=value;} properties ({@code typehash} from Iron on). */
  public Map<String, String> userDataProperties() {
    return UserDataProperties.parse(userData);
  }

  public ParameterList toParameterList() {
    ParameterListWriter w = new ParameterListWriter();
    writeTo(w);
    return w.toParameterList();
  }

  /** The serialized payload of a DATA(w) / DATA(r): PL_CDR_LE, the parameters, the sentinel. */
  public ByteBuffer toPayload() {
    ParameterListWriter w = new ParameterListWriter();
    writeTo(w);
    return w.toPayload();
  }

  public void writeTo(ParameterListWriter w) {
    w.putGuid(ParameterId.PID_ENDPOINT_GUID, guid);
    w.putGuid(ParameterId.PID_PARTICIPANT_GUID, participant);
    w.putString(ParameterId.PID_TOPIC_NAME, topicName);
    w.putString(ParameterId.PID_TYPE_NAME, typeName);
    QosParameters.write(w, qos);
    LocatorParameters.write(w, ParameterId.PID_UNICAST_LOCATOR, unicast);
    LocatorParameters.write(w, ParameterId.PID_MULTICAST_LOCATOR, multicast);
    if (userData.length > 0) {
      w.putOctets(ParameterId.PID_USER_DATA, userData);
    }
    w.put(ParameterId.PID_DATA_REPRESENTATION, b -> {
      b.putInt(dataRepresentation.size());
      dataRepresentation.forEach(r -> b.putShort(r.shortValue()));
    });
    if (!isWriter()) {
      w.putBoolean(ParameterId.PID_EXPECTS_INLINE_QOS, expectsInlineQos);
    }
  }

  /**
   * Decodes a DATA(w)'s or DATA(r)'s parameters; absent QoS policies take the DDS defaults
   * (reliability RELIABLE for a writer and BEST_EFFORT for a reader, VOLATILE, KEEP_LAST 1,
   * infinite deadline, AUTOMATIC liveliness of infinite lease), the participant GUID defaults to
   * the endpoint's prefix, the data representation to XCDR.
   *
   * @throws RtpsFormatException when the endpoint GUID (of a writer or reader), the topic or the
   *     type name is missing, a parameter is malformed or has an unknown kind, or a standard
   *     parameter that must be understood is not
   */
  public static EndpointData fromParameterList(ParameterList list) {
    ParticipantData.refuseNotUnderstood(list);
    Guid guid = ParameterValues.guid(ParticipantData.required(list, ParameterId.PID_ENDPOINT_GUID, "PID_ENDPOINT_GUID"));
    boolean writer = guid.entityId().isWriter();
    if (!writer && !guid.entityId().isReader()) {
      throw new RtpsFormatException("endpoint GUID " + guid + " is neither a writer nor a reader");
    }
    Guid participant = list.first(ParameterId.PID_PARTICIPANT_GUID).map(ParameterValues::guid)
        .orElse(new Guid(guid.prefix(), EntityId.PARTICIPANT));
    String topic = ParameterValues.string(ParticipantData.required(list, ParameterId.PID_TOPIC_NAME, "PID_TOPIC_NAME"));
    String type = ParameterValues.string(ParticipantData.required(list, ParameterId.PID_TYPE_NAME, "PID_TYPE_NAME"));
    Qos qos = QosParameters.read(list, writer);
    byte[] userData = list.first(ParameterId.PID_USER_DATA).map(ParameterValues::octets).orElse(new byte[0]);
    List<Integer> representation = list.first(ParameterId.PID_DATA_REPRESENTATION)
        .map(EndpointData::dataRepresentation).orElse(DEFAULT_DATA_REPRESENTATION);
    // Only readers expect inline QoS; on a writer the parameter means nothing.
    boolean inlineQos = !writer
        && list.first(ParameterId.PID_EXPECTS_INLINE_QOS).map(ParameterValues::bool).orElse(false);
    return new EndpointData(guid, participant, topic, type, qos,
        LocatorParameters.read(list, ParameterId.PID_UNICAST_LOCATOR),
        LocatorParameters.read(list, ParameterId.PID_MULTICAST_LOCATOR), userData, representation, inlineQos);
  }

  private static List<Integer> dataRepresentation(Parameter p) {
    ByteBuffer v = ParameterValues.need(p, 4);
    int count = v.getInt();
    if (count < 0 || count > v.remaining() / 2) {
      throw new RtpsFormatException("data representation of " + (count & 0xffffffffL) + " ids in " + v.remaining()
          + " bytes");
    }
    List<Integer> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add((int) v.getShort());
    }
    return ids;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndpointData e && e.guid.equals(guid) && e.participant.equals(participant)
        && e.topicName.equals(topicName) && e.typeName.equals(typeName) && e.qos.equals(qos)
        && e.unicast.equals(unicast) && e.multicast.equals(multicast) && Arrays.equals(e.userData, userData)
        && e.dataRepresentation.equals(dataRepresentation) && e.expectsInlineQos == expectsInlineQos;
  }

  @Override
  public int hashCode() {
    return Objects.hash(guid, participant, topicName, typeName, qos, unicast, multicast, Arrays.hashCode(userData),
        dataRepresentation, expectsInlineQos);
  }

  @Override
  public String toString() {
    return "EndpointData[" + (isWriter() ? "writer " : "reader ") + guid + " of " + participant + " '" + topicName
        + "' '" + typeName + "' " + qos + " unicast " + unicast + " multicast " + multicast + " userData '"
        + new String(userData, StandardCharsets.UTF_8) + "' representation " + dataRepresentation
        + (expectsInlineQos ? " expects inline QoS" : "") + "]";
  }
}
