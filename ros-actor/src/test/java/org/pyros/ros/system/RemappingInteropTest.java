package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.TopicPublisher;
import org.pyros.ros.master.SystemState;
import org.pyros.ros.msg.MessageTypes;
import org.pyros.ros.peer.RosPeer;

/**
 * ROS arguments honoured as rospy honours them: a Pyros node started with {@code __ns:=/robot},
 * {@code __name:=pyros_r} and remappings registers as {@code /robot/pyros_r}, and the names it
 * publishes land where Debian's rospy puts the same names given the same arguments.
 */
class RemappingInteropTest {
  private static final List<String> NAMES = List.of("chatter", "~priv", "rel/x", "/glob");
  private static final List<String> REMAPS = List.of("chatter:=/remapped", "~priv:=pub_p");

  private static RosPeer ros;
  private static ActorTestKit kit;
  private static RosSystem node;

  @BeforeAll
  static void start() throws Exception {
    ros = RosPeer.startMaster();
    kit = ActorTestKit.create();
    List<String> args = new java.util.ArrayList<>(List.of("__ns:=/robot", "__name:=pyros_r"));
    args.addAll(REMAPS);
    RosSettings settings = RosSettings.forMaster("/pyros", ros.masterUri()).withGraphPollInterval(Duration.ofMillis(200))
        .withArguments(RosArguments.parse(args));
    node = RosSystem.start(kit.system(), settings, MessageTypes.fromEnvironment()).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (kit != null) {
      kit.shutdownTestKit();
    }
    if (ros != null) {
      ros.close();
    }
  }

  @Test
  void aRelativeRemappedTopicReachesRostopicEchoAndRosnodeListsTheNodeInItsNamespace() throws Exception {
    TopicPublisher chatter = node.advertise(new TopicInfo("chatter", "std_msgs/String"), new PublishOptions(true, 10))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    Message hello = Message.builder(node.messageType("std_msgs/String").toCompletableFuture().get(10, TimeUnit.SECONDS))
        .set("data", "remapped hello").build();
    chatter.publish(hello); // latched: a late rostopic echo gets it
    try {
      RosPeer.Result echo = ros.run(Duration.ofSeconds(20), "rostopic", "echo", "-n", "1", "/remapped");
      assertTrue(echo.ok() && echo.stdout().contains("remapped hello"), echo.toString());
      RosPeer.Result list = ros.run("rosnode", "list");
      assertTrue(list.stdout().lines().anyMatch("/robot/pyros_r"::equals), list.toString());
      assertTrue(Interop.systemState(ros.masterUri()).publishers().getOrDefault("/robot/chatter", List.of()).isEmpty(),
          "the unremapped name is not used");
    } finally {
      chatter.cancel();
    }
  }

  @Test
  void namesResolveAndRemapAsRospyResolvesThem() throws Exception {
    String script = """
        import rospy, sys
        from std_msgs.msg import String
        rospy.init_node('py_default')
        pubs = [rospy.Publisher(n, String, queue_size=1) for n in sys.argv[1].split(',')]
        print('resolved ' + ' '.join(p.resolved_name for p in pubs), flush=True)
        rospy.spin()
        """;
    List<String> pyArgs = new java.util.ArrayList<>(List.of(String.join(",", NAMES), "__ns:=/robot", "__name:=py_r"));
    pyArgs.addAll(REMAPS);
    List<TopicPublisher> ours = new java.util.ArrayList<>();
    try (RosPeer.Program py = ros.startPython(script, pyArgs.toArray(String[]::new))) {
      py.awaitOutput("resolved", Duration.ofSeconds(30));
      for (String name : NAMES) {
        ours.add(node.advertise(new TopicInfo(name, "std_msgs/String"), PublishOptions.DEFAULT)
            .toCompletableFuture().get(10, TimeUnit.SECONDS));
      }
      Set<String> rospy = Interop.retry(() -> publishedBy("/robot/py_r", NAMES.size()));
      Set<String> pyros = Interop.retry(() -> publishedBy("/robot/pyros_r", NAMES.size()));
      assertEquals(Set.of("/remapped", "/robot/pub_p", "/robot/rel/x", "/glob"), rospy, py.stdout());
      assertEquals(rospy, pyros);
    } finally {
      ours.forEach(TopicPublisher::cancel);
    }
  }

  @Test
  void anIllegalNameIsRefusedSayingWhy() {
    var failed = node.advertise(new TopicInfo("bad-name", "std_msgs/String"), PublishOptions.DEFAULT).toCompletableFuture();
    var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
        () -> failed.get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("'bad-name' is not a legal ROS name"), e.getCause().getMessage());
  }

  /** The topics the master lists {@code node} as publishing (but /rosout), once there are {@code n}. */
  private static Set<String> publishedBy(String node, int n) {
    SystemState state = Interop.systemState(ros.masterUri());
    Set<String> topics = new TreeSet<>();
    state.publishers().forEach((topic, nodes) -> {
      if (nodes.contains(node) && !topic.equals("/rosout")) {
        topics.add(topic);
      }
    });
    if (topics.size() < n) {
      throw new AssertionError(node + " publishes only " + topics);
    }
    return topics;
  }
}
