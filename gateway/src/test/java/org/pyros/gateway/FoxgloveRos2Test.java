package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.ros2.cdr.CdrCodec;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.system.Ros2System;

/**
 * The Foxglove protocol in front of a node on a ROS 2 domain with Cyclone DDS peers (on
 * loopback, a free domain): ROS 2 topics are {@code cdr} channels with {@code ros2msg} schemas,
 * their frames carry the CDR the peer sent (header included), and what the client publishes in
 * CDR reaches a peer that echoes it back.
 */
class FoxgloveRos2Test {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private Ros2Gateway ros;
  private Ros2System system;
  private Gateway gateway;

  @BeforeEach
  void start() throws Exception {
    ros = Ros2Gateway.start("pyros_foxglove");
    system = ros.system;
    gateway = ros.gateway;
  }

  @AfterEach
  void stop() throws Exception {
    if (ros != null) {
      ros.close();
    }
  }

  private DdsPeers.Peer peer(String... args) {
    return ros.peer(args);
  }

  /** Reads advertisements until every one of {@code topics} is a channel. */
  private static Map<String, JsonNode> channelsOf(FoxgloveSocket ws, String... topics) throws InterruptedException {
    Map<String, JsonNode> found = new HashMap<>();
    while (!found.keySet().containsAll(List.of(topics))) {
      JsonNode advertise = ws.nextOp("advertise", WAIT);
      advertise.path("channels").forEach(c -> found.put(c.path("topic").asText(), c));
    }
    return found;
  }

  private static Message payloadOf(FoxgloveSocket.Binary frame, CdrCodec codec) {
    return codec.decode(ByteString.fromArray(Arrays.copyOfRange(frame.bytes(), 13, frame.bytes().length)));
  }

  @Test
  void ros2TopicsAreCdrChannelsBothWays() throws Exception {
    MessageType string = system.types().messageType("std_msgs/msg/String");
    CdrCodec codec = CdrCodec.of(string);
    peer("pub", "string", "/chatter", "0", "20");
    peer("echo", "string", "/from_foxglove", "/echoed");
    try (FoxgloveSocket ws = FoxgloveSocket.connect(gateway.websocketUri())) {
      Map<String, JsonNode> channels = channelsOf(ws, "/chatter", "/echoed");
      JsonNode chatter = channels.get("/chatter");
      assertEquals("cdr", chatter.path("encoding").asText(), chatter.toString());
      assertEquals("ros2msg", chatter.path("schemaEncoding").asText());
      assertEquals("std_msgs/msg/String", chatter.path("schemaName").asText());
      assertTrue(chatter.path("schema").asText().contains("string data"), chatter.toString());
      ws.send("{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":1,\"channelId\":" + chatter.path("id").asLong() + "}]}");
      FoxgloveSocket.Binary frame = ws.nextBinary(b -> b.opcode() == 1 && b.buffer().getInt(1) == 1, WAIT);
      // CDR_LE encapsulation first, as the peer's DDS wrote it.
      assertEquals(0, frame.bytes()[13]);
      assertEquals(1, frame.bytes()[14]);
      assertTrue(payloadOf(frame, codec).getString("data").matches("hello \\d+"), payloadOf(frame, codec).toString());

      JsonNode echoed = channels.get("/echoed");
      ws.send("{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":2,\"channelId\":" + echoed.path("id").asLong() + "}]}");
      ws.send("{\"op\":\"advertise\",\"channels\":[{\"id\":9,\"topic\":\"/from_foxglove\",\"encoding\":\"cdr\","
          + "\"schemaName\":\"std_msgs/msg/String\"}]}");
      byte[] payload = codec.encodeToByteString(Message.builder(string).set("data", "from foxglove").build()).toArray();
      byte[] data = ByteBuffer.allocate(5 + payload.length).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(9).put(payload).array();
      // Discovery between the node's writer and the peer's reader takes a moment: send until the echo comes.
      Message back = null;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (back == null && System.nanoTime() < deadline) {
        ws.sendBinary(data);
        try {
          back = payloadOf(ws.nextBinary(b -> b.opcode() == 1 && b.buffer().getInt(1) == 2, Duration.ofMillis(300)), codec);
        } catch (AssertionError notYet) {
          back = null;
        }
      }
      assertEquals("from foxglove", back == null ? null : back.getString("data"));
    }
  }
}
