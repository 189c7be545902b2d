package org.pyros.ros2.msg;

import java.util.regex.Pattern;

/**
 * ROS 2 names and the DDS names ROS 2's RMWs give them, in one place: types
 * {@code pkg/msg/T} ↔ {@code pkg::msg::dds_::T_}, service parts {@code pkg/srv/S} ↔
 * {@code pkg::srv::dds_::S_Request_} / {@code S_Response_}, topics {@code /a/b} ↔ {@code rt/a/b},
 * services {@code /s} ↔ {@code rq/sRequest} and {@code rr/sReply}.
 */
public final class Ros2Names {
  private static final Pattern PACKAGE = Pattern.compile("(?!.*__)(?!.*_$)[a-z][a-z0-9_]*");
  private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z0-9]*");
  // Service parts and action parts carry rosidl's own suffixes.
  private static final Pattern GENERATED_TYPE = Pattern.compile("[A-Z][A-Za-z0-9]*(_[A-Z][A-Za-z0-9]*)?");
  private static final Pattern TOPIC_TOKEN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern DDS_TYPE = Pattern.compile("([^:]+)::([^:]+)::dds_::(.+)_");

  /** DDS topic prefix of a ROS 2 topic. */
  public static final String TOPIC_PREFIX = "rt";
  /** DDS topic prefix of a service's requests. */
  public static final String REQUEST_PREFIX = "rq";
  /** DDS topic prefix of a service's replies. */
  public static final String REPLY_PREFIX = "rr";

  private Ros2Names() {}

  /**
   * The canonical ROS 2 name of an interface type: {@code pkg/msg/T} stays, {@code pkg/T} becomes
   * {@code pkg/<kind>/T} ({@code kind} is {@code msg} or {@code srv}).
   *
   * @throws IllegalArgumentException when it is neither form with legal names
   */
  public static String canonicalTypeName(String name, String kind) {
    String[] parts = name == null ? new String[0] : name.split("/", -1);
    String pkg;
    String sub;
    String type;
    if (parts.length == 2) {
      pkg = parts[0];
      sub = kind;
      type = parts[1];
    } else if (parts.length == 3) {
      pkg = parts[0];
      sub = parts[1];
      type = parts[2];
    } else {
      throw new IllegalArgumentException("'" + name + "' is not a ROS 2 type name (expected pkg/" + kind + "/Name)");
    }
    if (!PACKAGE.matcher(pkg).matches()) {
      throw new IllegalArgumentException("'" + name + "': '" + pkg + "' is not a legal package name");
    }
    if (!sub.equals("msg") && !sub.equals("srv") && !sub.equals("action")) {
      throw new IllegalArgumentException("'" + name + "': '" + sub + "' is not msg, srv or action");
    }
    if (!GENERATED_TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("'" + name + "': '" + type + "' is not a legal type name");
    }
    return pkg + "/" + sub + "/" + type;
  }

  /** True for a name a .msg/.srv file may have ({@code AddTwoInts}, not {@code AddTwoInts_Request}). */
  static boolean isDefinitionName(String type) {
    return TYPE.matcher(type).matches();
  }

  /** True for a legal package name. */
  static boolean isPackageName(String pkg) {
    return PACKAGE.matcher(pkg).matches();
  }

  /** The DDS type name of a ROS 2 type: {@code pkg/msg/T} (or {@code pkg/T}) → {@code pkg::msg::dds_::T_}. */
  public static String ddsTypeName(String rosType) {
    String[] p = canonicalTypeName(rosType, "msg").split("/");
    return p[0] + "::" + p[1] + "::dds_::" + p[2] + "_";
  }

  /** The DDS type name of a service's requests: {@code pkg/srv/S} → {@code pkg::srv::dds_::S_Request_}. */
  public static String ddsRequestTypeName(String service) {
    String[] p = canonicalTypeName(service, "srv").split("/");
    return p[0] + "::" + p[1] + "::dds_::" + p[2] + "_Request_";
  }

  /** The DDS type name of a service's replies: {@code pkg/srv/S} → {@code pkg::srv::dds_::S_Response_}. */
  public static String ddsResponseTypeName(String service) {
    String[] p = canonicalTypeName(service, "srv").split("/");
    return p[0] + "::" + p[1] + "::dds_::" + p[2] + "_Response_";
  }

  /**
   * The ROS 2 type name of a DDS type name: {@code pkg::msg::dds_::T_} → {@code pkg/msg/T},
   * {@code pkg::srv::dds_::S_Request_} → {@code pkg/srv/S_Request}.
   *
   * @throws IllegalArgumentException when the name is not in ROS 2's DDS form
   */
  public static String rosTypeName(String ddsType) {
    var m = ddsType == null ? null : DDS_TYPE.matcher(ddsType);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("'" + ddsType + "' is not a ROS 2 DDS type name (pkg::msg::dds_::Name_)");
    }
    return canonicalTypeName(m.group(1) + "/" + m.group(2) + "/" + m.group(3), m.group(2));
  }

  /** The DDS topic of a ROS 2 topic: {@code /a/b} → {@code rt/a/b}. */
  public static String ddsTopic(String topic) {
    checkTopicName(topic);
    return TOPIC_PREFIX + topic;
  }

  /** The DDS topic of a service's requests: {@code /s} → {@code rq/sRequest}. */
  public static String requestTopic(String service) {
    checkTopicName(service);
    return REQUEST_PREFIX + service + "Request";
  }

  /** The DDS topic of a service's replies: {@code /s} → {@code rr/sReply}. */
  public static String replyTopic(String service) {
    checkTopicName(service);
    return REPLY_PREFIX + service + "Reply";
  }

  /**
   * The ROS 2 topic of a DDS topic ({@code rt/a/b} → {@code /a/b}), or null when the DDS topic
   * is not a ROS 2 topic (no {@code rt/} prefix, or not a legal name after it).
   */
  public static String rosTopic(String ddsTopic) {
    if (ddsTopic == null || !ddsTopic.startsWith(TOPIC_PREFIX + "/")) {
      return null;
    }
    String topic = ddsTopic.substring(TOPIC_PREFIX.length());
    return topicNameProblem(topic) == null ? topic : null;
  }

  /**
   * The ROS 2 service of a request or reply DDS topic ({@code rq/sRequest} or {@code rr/sReply}
   * → {@code /s}), or null when it is neither.
   */
  public static String rosService(String ddsTopic) {
    String service = null;
    if (ddsTopic != null && ddsTopic.startsWith(REQUEST_PREFIX + "/") && ddsTopic.endsWith("Request")) {
      service = ddsTopic.substring(REQUEST_PREFIX.length(), ddsTopic.length() - "Request".length());
    } else if (ddsTopic != null && ddsTopic.startsWith(REPLY_PREFIX + "/") && ddsTopic.endsWith("Reply")) {
      service = ddsTopic.substring(REPLY_PREFIX.length(), ddsTopic.length() - "Reply".length());
    }
    return service != null && topicNameProblem(service) == null ? service : null;
  }

  /**
   * Checks a fully qualified ROS 2 topic or service name ({@code /a/b}).
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static void checkTopicName(String name) {
    String problem = topicNameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException("'" + name + "' is not a valid ROS 2 topic name: " + problem);
    }
  }

  /** Why a name is not a fully qualified ROS 2 topic name, or null when it is one. */
  public static String topicNameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return "it is empty";
    }
    if (name.charAt(0) != '/') {
      return "it must be fully qualified (start with '/'); resolve relative and '~' names against the node first";
    }
    if (name.length() == 1) {
      return "'/' alone names no topic";
    }
    if (name.endsWith("/")) {
      return "it must not end with '/'";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c == '/' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return "character '" + c + "' at " + i + " is not allowed (only letters, digits, '_' and '/')";
      }
    }
    for (String token : name.substring(1).split("/", -1)) {
      if (token.isEmpty()) {
        return "it must not contain '//'";
      }
      if (!TOPIC_TOKEN.matcher(token).matches()) {
        return "token '" + token + "' must not start with a digit";
      }
    }
    return null;
  }
}
