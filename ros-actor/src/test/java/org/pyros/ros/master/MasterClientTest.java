package org.pyros.ros.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.ErrorCode;
import org.pyros.ros.peer.RosPeer;
import org.pyros.ros.xmlrpc.XmlRpcServer;

/** MasterClient against a real rosmaster; expected values come from the real ROS tools. */
class MasterClientTest {
  private static final String CALLER = "/pyros_test_node";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static RosPeer ros;
  private static XmlRpcServer node; // stands in for our node's API so the master can call back
  private static MasterClient master;
  private static final LinkedBlockingQueue<List<Object>> paramUpdates = new LinkedBlockingQueue<>(100);

  @BeforeAll
  static void startMaster() throws Exception {
    ros = RosPeer.startMaster();
    node = XmlRpcServer.start();
    node.register("paramUpdate", params -> {
      paramUpdates.offer(params);
      return CompletableFuture.completedFuture(List.of(1, "", 0));
    });
    node.register("publisherUpdate", params -> CompletableFuture.completedFuture(List.of(1, "", 0)));
    node.register("getPid", params -> CompletableFuture.completedFuture(List.of(1, "", (int) ProcessHandle.current().pid())));
    master = new MasterClient(ros.masterUri(), CALLER);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (ros != null) {
      ros.close();
    }
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  private static RosApiException apiFailure(CompletionStage<?> stage) {
    CompletionException e = assertThrows(CompletionException.class, () -> stage.toCompletableFuture().join());
    return assertInstanceOf(RosApiException.class, e.getCause());
  }

  private static RosPeer.Result ok(RosPeer.Result r) {
    assertTrue(r.ok(), r.toString());
    return r;
  }

  private static List<String> lines(RosPeer.Result r) {
    return Arrays.stream(r.stdout().split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  @Test
  void getUriIsTheMasterUri() throws Exception {
    assertEquals(ros.masterUri(), get(master.getUri()));
  }

  @Test
  void registeredPublisherShowsInGraphState() throws Exception {
    String topic = "/pyros_chatter";
    assertEquals(List.of(), get(master.registerPublisher(topic, "std_msgs/String", node.uri())));

    assertTrue(lines(ok(ros.run("rostopic", "list"))).contains(topic));
    String info = ok(ros.run("rostopic", "info", topic)).stdout();
    assertTrue(info.contains("Type: std_msgs/String") && info.contains(CALLER), info);

    SystemState state = get(master.getSystemState());
    assertEquals(List.of(CALLER), state.publishers().get(topic));
    assertTrue(get(master.getTopicTypes()).contains(new TopicAndType(topic, "std_msgs/String")));
    assertTrue(get(master.getPublishedTopics("")).contains(new TopicAndType(topic, "std_msgs/String")));
    assertEquals(node.uri(), get(master.lookupNode(CALLER)));

    // A subscriber registering now is told about our publisher.
    MasterClient other = new MasterClient(ros.masterUri(), "/pyros_other_node");
    assertEquals(List.of(node.uri()), get(other.registerSubscriber(topic, "std_msgs/String", URI.create("http://127.0.0.1:1/"))));
    assertEquals(List.of("/pyros_other_node"), get(master.getSystemState()).subscribers().get(topic));
    assertEquals(1, get(other.unregisterSubscriber(topic, URI.create("http://127.0.0.1:1/"))));

    assertEquals(1, get(master.unregisterPublisher(topic, node.uri())));
    assertEquals(0, get(master.unregisterPublisher(topic, node.uri())));
    assertFalse(get(master.getSystemState()).publishers().containsKey(topic));
    assertFalse(lines(ok(ros.run("rostopic", "list"))).contains(topic));
  }

  @Test
  void lookupServiceFindsARospyService() throws Exception {
    try (RosPeer.Program server = ros.startPython(String.join("\n",
        "import rospy",
        "from std_srvs.srv import SetBool, SetBoolResponse",
        "rospy.init_node('flag_server')",
        "rospy.Service('/set_flag', SetBool, lambda req: SetBoolResponse(success=req.data, message='ok'))",
        "print('ready', flush=True)",
        "rospy.spin()"))) {
      server.awaitOutput("ready", Duration.ofSeconds(30));
      String expected = ok(ros.run("rosservice", "uri", "/set_flag")).stdout().trim();
      URI found = get(master.lookupService("/set_flag"));
      assertEquals(URI.create(expected), found);
      assertEquals("rosrpc", found.getScheme());
      assertEquals(List.of("/flag_server"), get(master.getSystemState()).services().get("/set_flag"));
    }
    RosApiException e = apiFailure(master.lookupService("/no_such_service"));
    assertEquals(-1, e.statusCode());
    assertEquals(ErrorCode.NOT_FOUND, e.code());
  }

  @Test
  void registeredServiceIsListedByRosservice() throws Exception {
    URI serviceApi = URI.create("rosrpc://127.0.0.1:" + RosPeer.freePort());
    get(master.registerService("/pyros_srv", serviceApi, node.uri()));
    assertTrue(lines(ok(ros.run("rosservice", "list"))).contains("/pyros_srv"));
    assertEquals(serviceApi.toString(), ok(ros.run("rosservice", "uri", "/pyros_srv")).stdout().trim());
    assertEquals(1, get(master.unregisterService("/pyros_srv", serviceApi)));
    assertFalse(lines(ok(ros.run("rosservice", "list"))).contains("/pyros_srv"));
  }

  @Test
  void nestedParamIsReadBackByRosparam() throws Exception {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("name", "ü text");
    inner.put("list", List.of(1, 2.5, true, "x"));
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("rate", 12);
    value.put("inner", inner);
    get(master.setParam("/pyros_set/nested", value));

    // rosparam prints YAML; the Debian python turns it into JSON for comparison.
    RosPeer.Result r = ok(ros.run("/bin/sh", "-c",
        "rosparam get /pyros_set/nested | " + RosPeer.PYTHON
            + " -c 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'"));
    assertEquals(JSON.valueToTree(value), JSON.readTree(r.stdout()));
    assertEquals("12", ok(ros.run("rosparam", "get", "/pyros_set/nested/rate")).stdout().trim());
    assertEquals(value, get(master.getParam("/pyros_set/nested")));
  }

  @Test
  void paramSetByRosparamIsReadByGetParam() throws Exception {
    ok(ros.run("rosparam", "set", "/pyros_tool/rate", "12.5"));
    ok(ros.run("rosparam", "set", "/pyros_tool/flag", "true"));
    ok(ros.run("rosparam", "set", "/pyros_tool/items", "[1, two, {k: 3}]"));
    assertEquals(12.5, get(master.getParam("/pyros_tool/rate")));
    assertEquals(true, get(master.getParam("/pyros_tool/flag")));
    assertEquals(List.of(1, "two", Map.of("k", 3)), get(master.getParam("/pyros_tool/items")));
    Map<?, ?> ns = (Map<?, ?>) get(master.getParam("/pyros_tool"));
    assertEquals(12.5, ns.get("rate"));

    List<String> names = get(master.getParamNames());
    List<String> toolNames = lines(ok(ros.run("rosparam", "list", "/pyros_tool")));
    assertEquals(3, toolNames.size(), toolNames.toString());
    assertTrue(names.containsAll(toolNames), names + " vs " + toolNames);
  }

  @Test
  void deleteAndHasParam() throws Exception {
    get(master.setParam("/pyros_del/a", "x"));
    assertTrue(get(master.hasParam("/pyros_del/a")));
    get(master.deleteParam("/pyros_del/a"));
    assertFalse(get(master.hasParam("/pyros_del/a")));
    assertFalse(ok(ros.run("rosparam", "list")).stdout().contains("/pyros_del/a"));
    assertNotEquals(0, ros.run("rosparam", "get", "/pyros_del/a").exitCode());

    RosApiException missing = apiFailure(master.getParam("/pyros_del/a"));
    assertEquals(ErrorCode.NOT_FOUND, missing.code());
    assertEquals(-1, missing.statusCode());
    apiFailure(master.deleteParam("/pyros_del/a"));
  }

  @Test
  void searchParamLooksUpwards() throws Exception {
    ok(ros.run("rosparam", "set", "/pyros_search/robot_size", "3"));
    MasterClient deep = new MasterClient(ros.masterUri(), "/pyros_search/arm/controller");
    assertEquals(Optional.of("/pyros_search/robot_size"), get(deep.searchParam("robot_size")));
    assertEquals(Optional.empty(), get(deep.searchParam("no_such_param_anywhere")));
  }

  @Test
  void subscribeParamReturnsValueAndDeliversUpdates() throws Exception {
    ok(ros.run("rosparam", "set", "/pyros_sub/gain", "0.5"));
    assertEquals(0.5, get(master.subscribeParam(node.uri(), "/pyros_sub/gain")));
    assertEquals(Map.of(), get(master.subscribeParam(node.uri(), "/pyros_sub/unset")));

    paramUpdates.clear();
    ok(ros.run("rosparam", "set", "/pyros_sub/gain", "0.75"));
    List<Object> update = paramUpdates.poll(15, TimeUnit.SECONDS);
    // paramUpdate(callerId, key, value): rosmaster sends the key with a trailing slash.
    assertEquals(List.of("/master", "/pyros_sub/gain/", 0.75), update);

    assertEquals(1, get(master.unsubscribeParam(node.uri(), "/pyros_sub/gain")));
  }
}
