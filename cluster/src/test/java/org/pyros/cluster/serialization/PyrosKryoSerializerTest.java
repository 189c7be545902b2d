package org.pyros.cluster.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pyros.cluster.NodeHostProtocol;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Constant;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;
import org.pyros.core.msg.RosDuration;
import org.pyros.core.msg.RosTime;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.node.LatestMessage;
import org.pyros.core.node.ParamValue;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.core.node.ServiceRequest;
import org.pyros.core.node.TopicEvent;

/** Every protocol message and the message model survive the Kryo serializer through Pekko's serialization. */
class PyrosKryoSerializerTest {
  static final ActorTestKit kit = ActorTestKit.create("kryo",
      ConfigFactory.parseString("pekko.actor.provider = cluster\npekko.remote.artery.canonical.port = 0").withFallback(ConfigFactory.load()));
  static final Serialization serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  static <T> ActorRef<T> ref() {
    return kit.<T>createTestProbe().ref();
  }

  /** PyrosClient.send publishes with the ignore ref as replyTo: it must cross JVMs too. */
  @org.junit.jupiter.api.Test
  void aFireAndForgetPublishKeepsItsIgnoreRef() {
    PyrosNode.Publish sent = new PyrosNode.Publish("/chatter",
        Message.builder(org.pyros.core.msg.StandardTypes.STRING).set("data", "x").build(), kit.system().ignoreRef());
    PyrosNode.Publish back = (PyrosNode.Publish) roundTrip(sent);
    assertEquals(sent.message(), back.message());
    assertEquals(kit.system().ignoreRef().path(), back.replyTo().path());
  }

  /** Kryo would look a class up by the name the input gives (found by PyrosKryoFuzzTest). */
  @org.junit.jupiter.api.Test
  void aClassNameInTheInputIsRefusedBeforeAnyLookUp() {
    // 1 = "a class name follows", then name id 0 and the name.
    byte[] named = {1, 0, 'j', 'a', 'v', 'a', '.', 'l', 'a', 'n', 'g', '.', 'T', 'h', 'r', 'e', 'a', (byte) ('d' | 0x80)};
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> serialization.deserialize(named, PyrosKryoSerializer.IDENTIFIER, "").get());
    assertTrue(e.getMessage().contains("names a class"), e.getMessage());
  }

  static Object roundTrip(Object o) {
    Serializer s = serialization.findSerializerFor(o);
    assertEquals(PyrosKryoSerializer.IDENTIFIER, s.identifier(), "serializer of " + o.getClass());
    byte[] bytes = s.toBinary(o);
    // Through Pekko's entry point too, as the remote transport does (no manifest).
    Object back = serialization.deserialize(bytes, s.identifier(), "").get();
    assertEquals(back, s.fromBinary(bytes));
    return back;
  }

  static void assertRoundTrip(Object o) {
    assertEquals(o, roundTrip(o));
  }

  /** A type with every builtin, nested messages, and arrays of each kind, plus constants. */
  static MessageType everyFieldType() {
    List<Field> fields = new ArrayList<>();
    for (Primitive p : Primitive.values()) {
      fields.add(new Field("f_" + p.rosName(), FieldType.of(p)));
      fields.add(new Field("a_" + p.rosName(), FieldType.arrayOf(FieldType.of(p))));
      fields.add(new Field("fixed_" + p.rosName(), FieldType.arrayOf(FieldType.of(p), 2)));
    }
    fields.add(new Field("pose", new FieldType.Nested(StandardTypes.POSE)));
    fields.add(new Field("headers", FieldType.arrayOf(new FieldType.Nested(StandardTypes.HEADER))));
    fields.add(new Field("empties", FieldType.arrayOf(new FieldType.Nested(StandardTypes.EMPTY))));
    fields.add(new Field("fixed_points", FieldType.arrayOf(new FieldType.Nested(StandardTypes.POINT), 3)));
    List<Constant> constants = List.of(
        new Constant(Primitive.INT32, "ANSWER", "42", 42),
        new Constant(Primitive.STRING, "GREETING", "hi there", "hi there"),
        new Constant(Primitive.FLOAT64, "PI", "3.14", 3.14),
        new Constant(Primitive.UINT32, "BIG", "4000000000", 4_000_000_000L),
        new Constant(Primitive.BOOL, "YES", "1", true));
    return new MessageType("test_msgs/Everything", fields, constants, "# built in code\nint32 ANSWER=42\n");
  }

  static Message everyFieldMessage() {
    MessageType type = everyFieldType();
    Message header = Message.builder(StandardTypes.HEADER).set("seq", 4_000_000_000L)
        .set("stamp", new RosTime(1_700_000_000L, 999_999_999L)).set("frame_id", "base_link").build();
    return Message.builder(type)
        .set("f_bool", true).set("f_int8", -128).set("f_uint8", 255).set("f_byte", -5).set("f_char", 200)
        .set("f_int16", -32768).set("f_uint16", 65535).set("f_int32", Integer.MIN_VALUE).set("f_uint32", 0xFFFF_FFFFL)
        .set("f_int64", Long.MIN_VALUE).set("f_uint64", -1L).set("f_float32", -1.5f).set("f_float64", Math.PI)
        .set("f_string", "héllo\nwörld ✓").set("f_time", new RosTime(0xFFFF_FFFFL, 5)).set("f_duration", new RosDuration(-3, -7))
        .set("a_bool", List.of(true, false, true)).set("a_uint8", new byte[] {0, 1, (byte) 255}).set("a_int8", new byte[] {-1})
        .set("a_int32", List.of(1, -2, 3)).set("a_uint64", List.of(-1L, 0L)).set("a_float32", List.of(0.25f))
        .set("a_float64", List.of(1e300, -0.0, Double.NaN)).set("a_string", List.of("", "x", "yz"))
        .set("a_time", List.of(RosTime.ZERO, new RosTime(1, 2))).set("a_duration", List.of(new RosDuration(Integer.MAX_VALUE, 1)))
        .set("fixed_float64", List.of(1.0, 2.0)).set("fixed_uint8", new byte[] {9, 8})
        .set("pose", Message.builder(StandardTypes.POSE)
            .set("position", Message.builder(StandardTypes.POINT).set("x", 1.0).set("y", 2.0).set("z", 3.0).build()).build())
        .set("headers", List.of(header, StandardTypes.HEADER.defaultMessage()))
        .set("empties", List.of(StandardTypes.EMPTY.defaultMessage(), StandardTypes.EMPTY.defaultMessage()))
        .build();
  }

  @Test
  void messageWithEveryFieldTypeAndItsType() {
    Message m = everyFieldMessage();
    Message back = (Message) roundTrip(m);
    assertEquals(m, back);
    assertEquals(m.type(), back.type());
    assertEquals(m.type().definition(), back.type().definition());
    assertEquals(m.type().constants(), back.type().constants());
    assertEquals(m.toString(), back.toString());
    assertRoundTrip(everyFieldType());
    // Byte strings of every shape (compact, slice, concatenation) come back with their bytes.
    ByteString concat = ByteString.fromString("abc").concat(ByteString.fromString("def"));
    ByteString slice = ByteString.fromString("0123456789").slice(2, 5);
    Message bytes = m.with("a_uint8", concat).with("fixed_uint8", slice.take(2));
    assertEquals(bytes, roundTrip(bytes));
  }

  @Test
  void everyNodeCommand() {
    Message m = everyFieldMessage();
    Exposure exposure = new Exposure(NameFilter.allowing("/robot/**", "re:/cam[0-9]+"), NameFilter.of(List.of("/a"), List.of("/a/secret*")),
        NameFilter.NONE);
    List<PyrosNode.Command> commands = List.of(
        new PyrosNode.Publish("/chatter", m, ref()),
        new PyrosNode.Subscribe("/chatter", ref(), ref()),
        new PyrosNode.Unsubscribe("/chatter", ref()),
        new PyrosNode.Latest("/chatter", ref()),
        new PyrosNode.DescribeTopic("/chatter", ref()),
        new PyrosNode.DescribeMessageType("geometry_msgs/Twist", ref()),
        new PyrosNode.CallService("/srv", m, Duration.ofMillis(1500), ref()),
        new PyrosNode.CallService("/srv", m, null, ref()),
        new PyrosNode.DescribeService("/srv", ref()),
        new PyrosNode.ProvideService("/srv", "std_srvs/SetBool", ref(), ref()),
        new PyrosNode.GetParam("/p", ref()),
        new PyrosNode.SetParam("/p", Map.of("a", List.of(1, 2L, 3.5, "s", true), "b", Map.of("c", "d")), ref()),
        new PyrosNode.DeleteParam("/p", ref()),
        new PyrosNode.WatchParam("/p", ref(), ref()),
        new PyrosNode.UnwatchParam("/p", ref()),
        new PyrosNode.ListTopics(ref()),
        new PyrosNode.ListNodes(ref()),
        new PyrosNode.ListServices(ref()),
        new PyrosNode.ListParams(ref()),
        new PyrosNode.Reconfigure(exposure, ref()),
        new PyrosNode.GetExposure(ref()));
    Set<Class<?>> covered = new HashSet<>();
    for (PyrosNode.Command c : commands) {
      assertRoundTrip(c);
      covered.add(c.getClass());
    }
    Set<Class<?>> all = new HashSet<>();
    List<Class<?>> sealed = new java.util.ArrayList<>(List.of(PyrosNode.Command.class));
    while (!sealed.isEmpty()) {
      for (Class<?> c : sealed.remove(0).getPermittedSubclasses()) {
        if (c.isRecord()) {
          all.add(c);
        } else if (c.isSealed() && java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
          sealed.add(c);
        }
      }
    }
    assertEquals(all, covered, "every public command is tested");
    // Requests cross a request link without a reply-to (the host gives them one).
    assertRoundTrip(new PyrosNode.CallService("/srv", m, null, null));
    assertRoundTrip(new PyrosNode.ListTopics(null));
    // The exposure still works after the trip (patterns are recompiled from their text).
    Exposure back = ((PyrosNode.Reconfigure) roundTrip(new PyrosNode.Reconfigure(exposure, ref()))).exposure();
    assertTrue(back.topics().allows("/robot/arm/joint"));
    assertTrue(back.topics().allows("/cam7"));
    assertTrue(back.services().allows("/a"));
  }

  @Test
  void setParamWithEveryParamValueShape() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("int", 1);
    tree.put("long", 1L << 40);
    tree.put("double", 2.5);
    tree.put("bool", false);
    tree.put("text", "t");
    tree.put("list", new ArrayList<>(List.of(1, "two")));
    tree.put("nested", Map.of("x", List.of()));
    for (Object value : List.of(7, 7L, 0.5, true, "s", List.of(1, 2, 3), Arrays.asList(1, null), tree,
        java.util.Collections.unmodifiableMap(tree), List.of(1, 2).stream().toList())) {
      assertRoundTrip(new PyrosNode.SetParam("/p", value, null));
      assertRoundTrip(Reply.ok(new ParamValue("/p", value)));
    }
    PyrosNode.SetParam withBytes = new PyrosNode.SetParam("/p", new byte[] {1, 2, 3}, null);
    Serializer s = serialization.findSerializerFor(withBytes);
    PyrosNode.SetParam bytes = (PyrosNode.SetParam) s.fromBinary(s.toBinary(withBytes));
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) bytes.value());
  }

  @Test
  void replyOkWithEveryValueTypeAndFailedWithEveryCode() {
    Message m = everyFieldMessage();
    List<Object> values = List.of(
        Done.getInstance(),
        new LatestMessage("/chatter", m),
        new LatestMessage("/chatter", null),
        m.type(),
        m,
        StandardTypes.SET_BOOL,
        new ParamValue("/p", 3),
        new ParamValue("/p", null),
        List.of(new TopicInfo("/a", "std_msgs/String"), new TopicInfo("/b", "std_msgs/Int32")),
        List.of(new NodeInfo("/talker", List.of("/chatter"), List.of(), List.of("/talker/get_loggers"))),
        List.of(new ServiceInfo("/s", "std_srvs/SetBool")),
        List.of(),
        List.of("/p/a", "/p/b"),
        new Exposure(NameFilter.allowing("/**"), NameFilter.NONE, NameFilter.allowing("/p/*")));
    for (Object v : values) {
      assertRoundTrip(Reply.ok(v));
    }
    assertEquals(Done.getInstance(), ((Reply.Ok<?>) roundTrip(Reply.ok(Done.getInstance()))).value());
    for (ErrorCode code : ErrorCode.values()) {
      assertRoundTrip(Reply.failed(code, "why: " + code));
    }
  }

  @Test
  void topicEventsServiceRequestAndClusterMessages() {
    Message m = everyFieldMessage();
    assertRoundTrip(new TopicEvent.Received("/chatter", m));
    assertRoundTrip(new TopicEvent.Gap("/chatter", "the node moved"));
    assertRoundTrip(new TopicEvent.Ended("/chatter", "no longer exposed"));
    assertRoundTrip(new ServiceRequest("/srv", m, ref()));
    assertRoundTrip(new NodeHostProtocol.Identify(ref()));
    assertRoundTrip(new NodeHostProtocol.Identity(ref(), "pekko://pyros@127.0.0.1:1", "127.0.0.1", 40123, "dGlja2V0"));
  }

  /** Something the node's protocol does not allow, e.g. a param value of an application class. */
  record Unregistered(String x) {}

  @Test
  void unregisteredClassFailsNamingIt() {
    Serializer s = serialization.findSerializerFor(new PyrosNode.SetParam("/p", 1, null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.toBinary(new PyrosNode.SetParam("/p", new Unregistered("x"), null)));
    assertTrue(e.getMessage().contains(Unregistered.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("not registered"), e.getMessage());
    // A message whose value does not fit its field type names the field.
    Message bad = Message.ofTrusted(StandardTypes.STRING, new Object[] {42});
    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> s.toBinary(new TopicEvent.Received("/t", bad)));
    assertTrue(e2.getMessage().contains("std_msgs/String.data"), e2.getMessage());
    // Garbage in gives an error, not a huge allocation.
    assertInstanceOf(IllegalArgumentException.class,
        assertThrows(RuntimeException.class, () -> s.fromBinary(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1})));
  }
}
