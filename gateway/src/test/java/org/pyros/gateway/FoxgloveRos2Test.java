package org.pyros.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.client.ActorPyrosClient;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.node.NodeSettings;
import org.pyros.core.node.PyrosNode;
import org.pyros.ros2.cdr.CdrCodec;
import org.pyros.ros2.peer.DdsPeers;
import org.pyros.ros2.peer.DdsPeers.Kind;
import org.pyros.ros2.peer.DdsPeers.Options;
import org.pyros.ros2.peer.FreeDomain;
import org.pyros.ros2.system.Ros2Settings;
import org.pyros.ros2.system.Ros2System;
import org.pyros.testkit.PyrosTestKit;

/**
 * The Foxglove protocol in front of a node on a ROS 2 domain with Cyclone DDS peers (on
 * loopback, a free domain): ROS 2 topics are {@code cdr} channels with {@code ros2msg} schemas,
 * their frames carry the CDR the peer sent (header included), and what the client publishes in
 * CDR reaches a peer that echoes it back.
 */
class FoxgloveRos2Test {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private ActorTestKit actors;
  private Ros2System system;
  private Gateway gateway;
  private int domain;

  @BeforeEach
  void start() throws Exception {
    DdsPeers.buildRos2Peers();
    domain = FreeDomain.pick();
    actors = ActorTestKit.create();
    system = Ros2System.start(Ros2Settings.loopback(domain, "pyros_foxglove"));
    NodeSettings node = NodeSettings.fromConfig(actors.system().settings().config()).withExposure(PyrosTestKit.EVERYTHING);
    ActorRef<PyrosNode.Command> ref = actors.spawn(PyrosNode.create(system, node));
    GatewaySettings settings = GatewaySettings.fromConfig(actors.system().settings().config()).withPort(0);
    gateway = Gateway.start(actors.system(), ActorPyrosClient.create(actors.system(), ref), ref, settings)
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (actors != null) {
      actors.shutdownTestKit();
    }
    if (system != null) {
      system.close();
    }
  }

  private DdsPeers.Peer peer(String... args) {
    DdsPeers.Peer p = DdsPeers.ros2Peer(Kind.CYCLONE, Options.domain(domain), args);
    resources.add(p);
    return p;
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
