package org.pyros.samples.workers;

import java.util.concurrent.CompletableFuture;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.Registration;

/**
 * The ROS tutorials' computation service, {@code rospy_tutorials/AddTwoInts} ({@code int64 a,
 * int64 b --- int64 sum}), and a node providing it, as a ROS graph would.
 */
public final class AddTwoInts {
  private AddTwoInts() {}

  public static final ServiceType TYPE = new ServiceType("rospy_tutorials/AddTwoInts",
      MessageType.of("rospy_tutorials/AddTwoIntsRequest", int64("a"), int64("b")),
      MessageType.of("rospy_tutorials/AddTwoIntsResponse", int64("sum")));

  public static Message request(long a, long b) {
    return Message.builder(TYPE.request()).set("a", a).set("b", b).build();
  }

  public static Message response(long sum) {
    return Message.builder(TYPE.response()).set("sum", sum).build();
  }

  /** Serves {@code name} in {@code graph}, adding the two numbers: the "other node" of the sample. */
  public static Registration serve(GraphSystem graph, String name) {
    return graph.serve(new ServiceInfo(name, TYPE.name()),
        req -> CompletableFuture.completedFuture(response(req.getLong("a") + req.getLong("b")))).toCompletableFuture().join();
  }

  private static Field int64(String name) {
    return new Field(name, FieldType.of(Primitive.INT64));
  }
}
