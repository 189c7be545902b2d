package org.pyros.core.msg;

import java.util.List;

/**
 * A few common ROS types built in code (same names and fields as ROS), so the in-memory system
 * and tests work with no ROS installation. The ROS1 backend reads the real definitions instead.
 */
public final class StandardTypes {
  private StandardTypes() {}

  public static final MessageType STRING = MessageType.of("std_msgs/String", field("data", Primitive.STRING));
  public static final MessageType BOOL = MessageType.of("std_msgs/Bool", field("data", Primitive.BOOL));
  public static final MessageType INT32 = MessageType.of("std_msgs/Int32", field("data", Primitive.INT32));
  public static final MessageType INT64 = MessageType.of("std_msgs/Int64", field("data", Primitive.INT64));
  public static final MessageType FLOAT64 = MessageType.of("std_msgs/Float64", field("data", Primitive.FLOAT64));
  public static final MessageType EMPTY = MessageType.of("std_msgs/Empty");
  public static final MessageType HEADER = MessageType.of("std_msgs/Header",
      field("seq", Primitive.UINT32), field("stamp", Primitive.TIME), field("frame_id", Primitive.STRING));
  public static final MessageType VECTOR3 = MessageType.of("geometry_msgs/Vector3",
      field("x", Primitive.FLOAT64), field("y", Primitive.FLOAT64), field("z", Primitive.FLOAT64));
  public static final MessageType POINT = MessageType.of("geometry_msgs/Point",
      field("x", Primitive.FLOAT64), field("y", Primitive.FLOAT64), field("z", Primitive.FLOAT64));
  public static final MessageType QUATERNION = MessageType.of("geometry_msgs/Quaternion",
      field("x", Primitive.FLOAT64), field("y", Primitive.FLOAT64), field("z", Primitive.FLOAT64), field("w", Primitive.FLOAT64));
  public static final MessageType POSE = MessageType.of("geometry_msgs/Pose",
      new Field("position", new FieldType.Nested(POINT)), new Field("orientation", new FieldType.Nested(QUATERNION)));
  public static final MessageType POSE2D = MessageType.of("geometry_msgs/Pose2D",
      field("x", Primitive.FLOAT64), field("y", Primitive.FLOAT64), field("theta", Primitive.FLOAT64));
  public static final MessageType TWIST = MessageType.of("geometry_msgs/Twist",
      new Field("linear", new FieldType.Nested(VECTOR3)), new Field("angular", new FieldType.Nested(VECTOR3)));

  public static final ServiceType EMPTY_SRV = new ServiceType("std_srvs/Empty",
      MessageType.of("std_srvs/EmptyRequest"), MessageType.of("std_srvs/EmptyResponse"));
  public static final ServiceType TRIGGER = new ServiceType("std_srvs/Trigger",
      MessageType.of("std_srvs/TriggerRequest"),
      MessageType.of("std_srvs/TriggerResponse", field("success", Primitive.BOOL), field("message", Primitive.STRING)));
  public static final ServiceType SET_BOOL = new ServiceType("std_srvs/SetBool",
      MessageType.of("std_srvs/SetBoolRequest", field("data", Primitive.BOOL)),
      MessageType.of("std_srvs/SetBoolResponse", field("success", Primitive.BOOL), field("message", Primitive.STRING)));

  /** Every message type above. */
  public static List<MessageType> messageTypes() {
    return List.of(STRING, BOOL, INT32, INT64, FLOAT64, EMPTY, HEADER, VECTOR3, POINT, QUATERNION, POSE, POSE2D, TWIST);
  }

  /** Every service type above. */
  public static List<ServiceType> serviceTypes() {
    return List.of(EMPTY_SRV, TRIGGER, SET_BOOL);
  }

  private static Field field(String name, Primitive type) {
    return new Field(name, FieldType.of(type));
  }
}
