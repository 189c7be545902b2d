package org.pyros.ros2.rtps.discovery;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.Parameter;
import org.pyros.ros2.rtps.wire.ParameterId;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.ParameterListWriter;
import org.pyros.ros2.rtps.wire.ParameterValues;
import org.pyros.ros2.rtps.wire.RtpsFormatException;

/**
 * What SPDP announces of a participant (DDS-RTPS 8.5.3.2 SPDPdiscoveredParticipantData, 9.6.2.2):
 * its GUID prefix, protocol version (major 2), vendor, domain, the locators of its built-in
 * (metatraffic) and user endpoints, the built-in endpoints it has (the bit constants below), how
 * long it lives without announcing itself, USER_DATA bytes and an entity name ({@code ""} when
 * none was sent).
 *
 * @param domainId {@link #DOMAIN_ID_ABSENT} when the announcement named none (the spec: then it
 *     is the receiver's domain)
 */
public record ParticipantData(GuidPrefix prefix, int vendorId, int protocolMinor, int domainId,
    List<Locator> metatrafficUnicast, List<Locator> metatrafficMulticast, List<Locator> defaultUnicast,
    List<Locator> defaultMulticast, int builtinEndpoints, Duration leaseDuration, byte[] userData,
    String entityName) {

  public static final int DOMAIN_ID_ABSENT = -1;
  /** The spec's default lease when PID_PARTICIPANT_LEASE_DURATION is absent. */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(100);

  /** Bits of the builtin endpoint set (DDS-RTPS 9.3.2, table 9.4). */
  public static final int PARTICIPANT_ANNOUNCER = 1;
  public static final int PARTICIPANT_DETECTOR = 1 << 1;
  public static final int PUBLICATIONS_ANNOUNCER = 1 << 2;
  public static final int PUBLICATIONS_DETECTOR = 1 << 3;
  public static final int SUBSCRIPTIONS_ANNOUNCER = 1 << 4;
  public static final int SUBSCRIPTIONS_DETECTOR = 1 << 5;
  public static final int PARTICIPANT_MESSAGE_DATA_WRITER = 1 << 10;
  public static final int PARTICIPANT_MESSAGE_DATA_READER = 1 << 11;
  public static final int TOPICS_ANNOUNCER = 1 << 28;
  public static final int TOPICS_DETECTOR = 1 << 29;
  /** SPDP, SEDP publications and subscriptions, and the participant message endpoints. */
  public static final int SIMPLE_DISCOVERY = PARTICIPANT_ANNOUNCER | PARTICIPANT_DETECTOR | PUBLICATIONS_ANNOUNCER
      | PUBLICATIONS_DETECTOR | SUBSCRIPTIONS_ANNOUNCER | SUBSCRIPTIONS_DETECTOR | PARTICIPANT_MESSAGE_DATA_WRITER
      | PARTICIPANT_MESSAGE_DATA_READER;

  public ParticipantData {
    Objects.requireNonNull(prefix, "prefix");
    metatrafficUnicast = List.copyOf(metatrafficUnicast);
    metatrafficMulticast = List.copyOf(metatrafficMulticast);
    defaultUnicast = List.copyOf(defaultUnicast);
    defaultMulticast = List.copyOf(defaultMulticast);
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    userData = userData.clone();
    Objects.requireNonNull(entityName, "entityName");
  }

  /** The participant's own GUID (its prefix and the PARTICIPANT entity id). */
  public Guid guid() {
    return new Guid(prefix, EntityId.PARTICIPANT);
  }

  @Override
  public byte[] userData() {
    return userData.clone();
  }

  /** USER_DATA read as ROS 2's {@code key=value;} properties. */
  public Map<String, String> userDataProperties() {
    return UserDataProperties.parse(userData);
  }

  /** The ROS 2 security enclave the participant announces ({@code enclave=/;}), if any. */
  public Optional<String> enclave() {
    return Optional.ofNullable(userDataProperties().get("enclave"));
  }

  /** USER_DATA of a ROS 2 participant in {@code enclave} ({@code "/"} by default). */
  public static byte[] enclaveUserData(String enclave) {
    return UserDataProperties.format(Map.of("enclave", enclave));
  }

  /** The parameters of a DATA(p) announcing this participant. */
  public ParameterList toParameterList() {
    ParameterListWriter w = new ParameterListWriter();
    writeTo(w);
    return w.toParameterList();
  }

  /** The serialized payload of a DATA(p): PL_CDR_LE, the parameters, the sentinel. */
  public ByteBuffer toPayload() {
    ParameterListWriter w = new ParameterListWriter();
    writeTo(w);
    return w.toPayload();
  }

  public void writeTo(ParameterListWriter w) {
    w.put(ParameterId.PID_PROTOCOL_VERSION, b -> b.put((byte) 2).put((byte) protocolMinor));
    w.put(ParameterId.PID_VENDORID, b -> b.put((byte) (vendorId >>> 8)).put((byte) vendorId));
    w.putGuid(ParameterId.PID_PARTICIPANT_GUID, guid());
    if (domainId != DOMAIN_ID_ABSENT) {
      w.putInt(ParameterId.PID_DOMAIN_ID, domainId);
    }
    LocatorParameters.write(w, ParameterId.PID_METATRAFFIC_UNICAST_LOCATOR, metatrafficUnicast);
    LocatorParameters.write(w, ParameterId.PID_METATRAFFIC_MULTICAST_LOCATOR, metatrafficMulticast);
    LocatorParameters.write(w, ParameterId.PID_DEFAULT_UNICAST_LOCATOR, defaultUnicast);
    LocatorParameters.write(w, ParameterId.PID_DEFAULT_MULTICAST_LOCATOR, defaultMulticast);
    w.putDuration(ParameterId.PID_PARTICIPANT_LEASE_DURATION, leaseDuration);
    w.putInt(ParameterId.PID_BUILTIN_ENDPOINT_SET, builtinEndpoints);
    if (userData.length > 0) {
      w.putOctets(ParameterId.PID_USER_DATA, userData);
    }
    if (!entityName.isEmpty()) {
      w.putString(ParameterId.PID_ENTITY_NAME, entityName);
    }
  }

  /**
   * Decodes a DATA(p)'s parameters; absent optional ones take the spec's defaults (no domain, no
   * locators, a lease of 100 s, no user data).
   *
   * @throws RtpsFormatException when a required parameter (participant GUID, protocol version,
   *     vendor id, builtin endpoint set) is missing, any parameter is malformed, a standard
   *     parameter that must be understood is not, or a domain tag names another domain
   */
  public static ParticipantData fromParameterList(ParameterList list) {
    refuseNotUnderstood(list);
    Guid guid = ParameterValues.guid(required(list, ParameterId.PID_PARTICIPANT_GUID, "PID_PARTICIPANT_GUID"));
    if (!guid.entityId().equals(EntityId.PARTICIPANT)) {
      throw new RtpsFormatException("participant GUID with entity id " + guid.entityId());
    }
    ByteBuffer version = ParameterValues.need(required(list, ParameterId.PID_PROTOCOL_VERSION, "PID_PROTOCOL_VERSION"), 2);
    int major = version.get() & 0xff;
    int minor = version.get() & 0xff;
    if (major != 2) {
      throw new RtpsFormatException("RTPS protocol version " + major + "." + minor);
    }
    ByteBuffer vendor = ParameterValues.need(required(list, ParameterId.PID_VENDORID, "PID_VENDORID"), 2);
    int vendorId = ((vendor.get() & 0xff) << 8) | (vendor.get() & 0xff);
    int domainId = DOMAIN_ID_ABSENT;
    Optional<Parameter> domain = list.first(ParameterId.PID_DOMAIN_ID);
    if (domain.isPresent()) {
      domainId = ParameterValues.int32(domain.get());
      if (domainId < 0) {
        throw new RtpsFormatException("domain id " + (domainId & 0xffffffffL));
      }
    }
    int builtin = ParameterValues.int32(required(list, ParameterId.PID_BUILTIN_ENDPOINT_SET, "PID_BUILTIN_ENDPOINT_SET"));
    Duration lease = list.first(ParameterId.PID_PARTICIPANT_LEASE_DURATION).map(ParameterValues::duration)
        .orElse(DEFAULT_LEASE_DURATION);
    byte[] userData = list.first(ParameterId.PID_USER_DATA).map(ParameterValues::octets).orElse(new byte[0]);
    String name = list.first(ParameterId.PID_ENTITY_NAME).map(ParameterValues::string).orElse("");
    return new ParticipantData(guid.prefix(), vendorId, minor, domainId,
        LocatorParameters.read(list, ParameterId.PID_METATRAFFIC_UNICAST_LOCATOR),
        LocatorParameters.read(list, ParameterId.PID_METATRAFFIC_MULTICAST_LOCATOR),
        LocatorParameters.read(list, ParameterId.PID_DEFAULT_UNICAST_LOCATOR),
        LocatorParameters.read(list, ParameterId.PID_DEFAULT_MULTICAST_LOCATOR), builtin, lease, userData, name);
  }

  /**
   * DDS-RTPS 9.6.2.2.1: a list holding a standard parameter that must be understood and is not
   * is to be ignored. A non-empty PID_DOMAIN_TAG is understood: it names another domain than
   * Pyros's (which has no tag).
   */
  static void refuseNotUnderstood(ParameterList list) {
    for (Parameter p : list.parameters()) {
      int id = p.id();
      if (id == ParameterId.PID_DOMAIN_TAG) {
        String tag = ParameterValues.string(p);
        if (!tag.isEmpty()) {
          throw new RtpsFormatException("domain tag '" + tag + "': not Pyros's domain");
        }
      } else if ((id & ParameterId.FLAG_MUST_UNDERSTAND) != 0 && (id & ParameterId.FLAG_VENDOR_SPECIFIC) == 0) {
        throw new RtpsFormatException(String.format("parameter 0x%04x must be understood and is not", id));
      }
    }
  }

  static Parameter required(ParameterList list, int id, String name) {
    return list.first(id).orElseThrow(() -> new RtpsFormatException("no " + name));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParticipantData p && p.prefix.equals(prefix) && p.vendorId == vendorId
        && p.protocolMinor == protocolMinor && p.domainId == domainId && p.metatrafficUnicast.equals(metatrafficUnicast)
        && p.metatrafficMulticast.equals(metatrafficMulticast) && p.defaultUnicast.equals(defaultUnicast)
        && p.defaultMulticast.equals(defaultMulticast) && p.builtinEndpoints == builtinEndpoints
        && p.leaseDuration.equals(leaseDuration) && Arrays.equals(p.userData, userData)
        && p.entityName.equals(entityName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix, vendorId, protocolMinor, domainId, metatrafficUnicast, defaultUnicast, builtinEndpoints,
        leaseDuration, Arrays.hashCode(userData), entityName);
  }

  @Override
  public String toString() {
    return "ParticipantData[" + prefix + " vendor " + String.format("%04x", vendorId) + " 2." + protocolMinor
        + " domain " + domainId + " metatraffic " + metatrafficUnicast + metatrafficMulticast + " default "
        + defaultUnicast + defaultMulticast + " builtin " + Integer.toHexString(builtinEndpoints) + " lease "
        + leaseDuration + " userData " + new String(userData, java.nio.charset.StandardCharsets.UTF_8) + " name '"
        + entityName + "']";
  }
}
