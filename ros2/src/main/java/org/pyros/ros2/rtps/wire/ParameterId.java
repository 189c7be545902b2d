package org.pyros.ros2.rtps.wire;

/**
 * Parameter ids of parameter lists: DDS-RTPS 9.6.2 (tables 9.12 to 9.18), DDS-XTypes and DDS-RPC,
 * and the vendor-specific ones (bit 15 set) that ROS 2's DDS implementations send. A vendor-specific
 * id means something only coming from that vendor.
 */
public final class ParameterId {
  public static final int PID_PAD = 0x0000;
  public static final int PID_SENTINEL = 0x0001;
  public static final int PID_PARTICIPANT_LEASE_DURATION = 0x0002;
  public static final int PID_TIME_BASED_FILTER = 0x0004;
  public static final int PID_TOPIC_NAME = 0x0005;
  public static final int PID_OWNERSHIP_STRENGTH = 0x0006;
  public static final int PID_TYPE_NAME = 0x0007;
  public static final int PID_DOMAIN_ID = 0x000f;
  public static final int PID_PROTOCOL_VERSION = 0x0015;
  public static final int PID_VENDORID = 0x0016;
  public static final int PID_RELIABILITY = 0x001a;
  public static final int PID_LIVELINESS = 0x001b;
  public static final int PID_DURABILITY = 0x001d;
  public static final int PID_DURABILITY_SERVICE = 0x001e;
  public static final int PID_OWNERSHIP = 0x001f;
  public static final int PID_PRESENTATION = 0x0021;
  public static final int PID_DEADLINE = 0x0023;
  public static final int PID_DESTINATION_ORDER = 0x0025;
  public static final int PID_LATENCY_BUDGET = 0x0027;
  public static final int PID_PARTITION = 0x0029;
  public static final int PID_LIFESPAN = 0x002b;
  public static final int PID_USER_DATA = 0x002c;
  public static final int PID_GROUP_DATA = 0x002d;
  public static final int PID_TOPIC_DATA = 0x002e;
  public static final int PID_UNICAST_LOCATOR = 0x002f;
  public static final int PID_MULTICAST_LOCATOR = 0x0030;
  public static final int PID_DEFAULT_UNICAST_LOCATOR = 0x0031;
  public static final int PID_METATRAFFIC_UNICAST_LOCATOR = 0x0032;
  public static final int PID_METATRAFFIC_MULTICAST_LOCATOR = 0x0033;
  public static final int PID_PARTICIPANT_MANUAL_LIVELINESS_COUNT = 0x0034;
  public static final int PID_CONTENT_FILTER_PROPERTY = 0x0035;
  public static final int PID_HISTORY = 0x0040;
  public static final int PID_RESOURCE_LIMITS = 0x0041;
  public static final int PID_EXPECTS_INLINE_QOS = 0x0043;
  public static final int PID_DEFAULT_MULTICAST_LOCATOR = 0x0048;
  public static final int PID_TRANSPORT_PRIORITY = 0x0049;
  public static final int PID_PARTICIPANT_GUID = 0x0050;
  public static final int PID_GROUP_GUID = 0x0052;
  public static final int PID_CONTENT_FILTER_INFO = 0x0055;
  public static final int PID_COHERENT_SET = 0x0056;
  public static final int PID_DIRECTED_WRITE = 0x0057;
  public static final int PID_BUILTIN_ENDPOINT_SET = 0x0058;
  public static final int PID_PROPERTY_LIST = 0x0059;
  public static final int PID_ENDPOINT_GUID = 0x005a;
  public static final int PID_TYPE_MAX_SIZE_SERIALIZED = 0x0060;
  public static final int PID_ORIGINAL_WRITER_INFO = 0x0061;
  public static final int PID_ENTITY_NAME = 0x0062;
  public static final int PID_GROUP_COHERENT_SET = 0x0063;
  public static final int PID_GROUP_SEQ_NUM = 0x0064;
  public static final int PID_WRITER_GROUP_INFO = 0x0065;
  public static final int PID_KEY_HASH = 0x0070;
  public static final int PID_STATUS_INFO = 0x0071;
  /** DDS-XTypes 7.6.3.1.1: the data representations an endpoint offers or accepts. */
  public static final int PID_DATA_REPRESENTATION = 0x0073;
  public static final int PID_TYPE_CONSISTENCY_ENFORCEMENT = 0x0074;
  public static final int PID_TYPE_INFORMATION = 0x0075;
  public static final int PID_BUILTIN_ENDPOINT_QOS = 0x0077;
  /** DDS-RPC 7.8.2: the sample (writer GUID and sequence number) a reply answers. */
  public static final int PID_RELATED_SAMPLE_IDENTITY = 0x0083;
  /** DDS-Security / DDS-RTPS 2.4: the domain tag (must be understood). */
  public static final int PID_DOMAIN_TAG = 0x4014;
  /** DDS-XTypes: a parameter with a 32-bit id and length follows. */
  public static final int PID_EXTENDED = 0x3f01;
  public static final int PID_LIST_END = 0x3f02;

  /**
   * Fast DDS (vendor 0x010f): its related sample identity, sent with service replies. Cyclone
   * (vendor 0x0110) uses the same number for its subscription keys: check the vendor first.
   */
  public static final int PID_FASTDDS_RELATED_SAMPLE_IDENTITY = 0x800f;

  /** Bit 15: the id is vendor specific. Bit 14: a receiver that does not understand it must drop the data. */
  public static final int FLAG_VENDOR_SPECIFIC = 0x8000;
  public static final int FLAG_MUST_UNDERSTAND = 0x4000;

  private ParameterId() {}
}
