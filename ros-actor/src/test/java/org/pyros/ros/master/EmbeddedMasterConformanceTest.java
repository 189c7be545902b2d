package org.pyros.ros.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pyros.ros.peer.RosPeer;
import org.pyros.ros.xmlrpc.XmlRpcClient;
import org.pyros.ros.xmlrpc.XmlRpcServer;

/**
 * The same sequence of Master and Parameter Server calls against the real rosmaster and against
 * the embedded master: every answer (code, message, value) and the calls the masters make to the
 * nodes (publisherUpdate, paramUpdate, shutdown) must be those of rosmaster.
 */
class EmbeddedMasterConformanceTest {
  private static final List<String> NODES = List.of("A", "A2", "B", "C", "D");
  private static final XmlRpcClient xmlrpc = new XmlRpcClient();

  /** Fake node APIs that record what a master calls on them, with URIs replaced by labels. */
  private static final class FakeNodes implements AutoCloseable {
    final Map<String, XmlRpcServer> servers = new LinkedHashMap<>();
    final Map<String, List<String>> calls = new LinkedHashMap<>();

    FakeNodes() throws Exception {
      for (String n : NODES) {
        XmlRpcServer s = XmlRpcServer.start();
        List<String> log = new CopyOnWriteArrayList<>();
        for (String method : List.of("publisherUpdate", "paramUpdate", "shutdown")) {
          s.register(method, params -> {
            log.add(method + label(params.subList(1, params.size()).toString()));
            return CompletableFuture.completedFuture(List.of(1, "", 0));
          });
        }
        servers.put(n, s);
        calls.put(n, log);
      }
    }

    String api(String node) {
      return servers.get(node).uri().toString();
    }

    String label(String text) {
      for (Map.Entry<String, XmlRpcServer> e : servers.entrySet()) {
        text = text.replace(e.getValue().uri().toString(), "<" + e.getKey() + ">");
      }
      return text;
    }

    @Override
    public void close() {
      servers.values().forEach(XmlRpcServer::close);
    }
  }

  /** Runs the scenario against {@code master}; returns each answer, labelled. */
  private static List<String> scenario(URI master, FakeNodes n) throws Exception {
    List<String> out = new ArrayList<>();
    Caller c = (caller, method, args) -> {
      Object[] params = new Object[args.length + 1];
      params[0] = caller;
      System.arraycopy(args, 0, params, 1, args.length);
      Object r = xmlrpc.call(master, method, params).toCompletableFuture().get(10, TimeUnit.SECONDS);
      out.add(n.label(method + " " + Arrays.toString(params) + " -> " + r));
    };
    // every node subscribes to a marker parameter, set last: its update closes each node's log
    for (String node : List.of("B", "C", "D")) {
      c.call("/node" + node, "subscribeParam", n.api(node), "/t/marker");
    }
    // parameters, with relative, private and namespace keys
    c.call("/ns1/nodeA", "setParam", "rel", 1);
    c.call("/ns1/nodeA", "setParam", "~priv", "p");
    c.call("/nodeB", "setParam", "/t/tree", Map.of("a", 1, "b", new LinkedHashMap<>(Map.of("c", "x"))));
    c.call("/nodeB", "setParam", "/t/tree/b/d", List.of(1, 2.5, true, "s"));
    for (String key : List.of("/t/tree", "/t/tree/b", "/t/tree/b/c", "/t/none", "/t/tree/a/deeper", "/t")) {
      c.call("/nodeB", "getParam", key);
      c.call("/nodeB", "hasParam", key);
    }
    c.call("/ns1/nodeA", "getParam", "rel");
    c.call("/ns1/nodeA", "getParam", "~priv");
    c.call("/ns1/sub/nodeC", "getParam", "rel");
    for (String key : List.of("rel", "priv", "nothing", "~x", "/t/tree", "tree/b", "rel/deeper")) {
      c.call("/ns1/nodeA", "searchParam", key);
      c.call("/ns1/sub/nodeC", "searchParam", key);
    }
    c.call("/nodeB", "subscribeParam", n.api("B"), "/t/tree/b");
    c.call("/nodeC", "subscribeParam", n.api("C"), "/t/tree/b/c");
    c.call("/nodeD", "subscribeParam", n.api("D"), "/t/unset");
    c.call("/ns1/nodeA", "subscribeParam", n.api("A"), "rel");
    c.call("/ns1/nodeA", "setParam", "/t/tree/b/c", "y");
    c.call("/other", "setParam", "/t/tree", Map.of("b", Map.of("e", 5)));
    c.call("/other", "setParam", "/ns1/rel", 2);
    c.call("/ns1/nodeA", "setParam", "rel", 3);
    c.call("/other", "setParam", "/t/unset/now", "set");
    c.call("/other", "deleteParam", "/t/tree");
    c.call("/other", "deleteParam", "/t/tree");
    c.call("/other", "deleteParam", "/");
    c.call("/other", "setParam", "/", 5);
    c.call("/other", "setParam", "", 5);
    c.call("/nodeD", "unsubscribeParam", n.api("D"), "/t/unset");
    c.call("/nodeD", "unsubscribeParam", n.api("D"), "/t/unset");
    c.call("/other", "getParam", "/t");
    c.call("/other", "getParam", "/ns1");
    // topics and services
    c.call("/ns1/nodeA", "registerPublisher", "chatter", "std_msgs/String", n.api("A"));
    c.call("/nodeB", "registerSubscriber", "/ns1/chatter", "std_msgs/String", n.api("B"));
    c.call("/nodeC", "registerSubscriber", "/ns1/chatter", "*", n.api("C"));
    c.call("/nodeC", "registerSubscriber", "/ns1/quiet", "*", n.api("C"));
    c.call("/nodeD", "registerPublisher", "/ns1/chatter", "*", n.api("D"));
    c.call("/nodeD", "registerPublisher", "/other/topic", "pkg/Other", n.api("D"));
    c.call("/ns1/nodeA", "registerService", "srv", "rosrpc://127.0.0.1:1234", n.api("A"));
    c.call("/nodeD", "registerService", "/d/srv", "rosrpc://127.0.0.1:1235", n.api("D"));
    c.call("/x", "lookupService", "/ns1/srv");
    c.call("/ns1/x", "lookupService", "srv");
    c.call("/x", "lookupService", "/nope");
    c.call("/ns1/foo", "lookupNode", "nodeA");
    c.call("/x", "lookupNode", "/nobody");
    c.call("/x", "getPublishedTopics", "");
    c.call("/x", "getPublishedTopics", "/ns1");
    c.call("/ns1/x", "getPublishedTopics", "other");
    c.call("/x", "getTopicTypes");
    c.call("/x", "getSystemState");
    c.call("/nodeD", "unregisterPublisher", "/ns1/chatter", n.api("D"));
    c.call("/nodeD", "unregisterPublisher", "/ns1/chatter", n.api("D"));
    c.call("/nobody", "unregisterPublisher", "/ns1/chatter", n.api("D"));
    c.call("/ns1/nodeA", "unregisterService", "/ns1/srv", "rosrpc://127.0.0.1:9");
    c.call("/nodeD", "unregisterService", "/d/srv", "rosrpc://127.0.0.1:1235");
    c.call("/nodeC", "unregisterSubscriber", "/ns1/quiet", n.api("C"));
    // refused arguments
    c.call("/x", "registerPublisher", "/t", "bad", n.api("D"));
    c.call("/x", "registerPublisher", "a b", "std_msgs/String", n.api("D"));
    c.call("/x", "registerPublisher", "/", "std_msgs/String", n.api("D"));
    c.call("/x", "registerSubscriber", "/t", "std_msgs/String", "ftp://x");
    c.call("/x", "lookupNode", "");
    c.call("/x", "getParam", "");
    // a node name registered again from another API: the old node is told to shut down
    c.call("/ns1/nodeA", "registerPublisher", "/y", "std_msgs/String", n.api("A2"));
    c.call("/x", "lookupNode", "/ns1/nodeA");
    c.call("/x", "lookupService", "/ns1/srv");
    c.call("/x", "getSystemState");
    c.call("/x", "getTopicTypes");
    c.call("/other", "setParam", "/t/marker", "end");
    c.call("/x", "getParamNames");
    return out;
  }

  @FunctionalInterface
  private interface Caller {
    void call(String caller, String method, Object... args) throws Exception;
  }

  private static boolean ended(FakeNodes n) {
    return n.calls.get("A").stream().anyMatch(s -> s.startsWith("shutdown"))
        && List.of("B", "C", "D").stream().allMatch(x -> n.calls.get(x).stream().anyMatch(s -> s.contains("/t/marker/")));
  }

  /** The last call per node, method and name: the state each node ends up with. */
  private static Map<String, String> lastPerKey(FakeNodes n) {
    Map<String, String> last = new LinkedHashMap<>();
    n.calls.forEach((node, calls) -> {
      for (String s : calls) {
        int comma = s.indexOf(',');
        last.put(node + " " + (comma < 0 ? s : s.substring(0, comma)), s);
      }
    });
    return last;
  }

  @Test
  void answersAndNodeCallsAreThoseOfRosmaster() throws Exception {
    List<String> expected;
    FakeNodes rosNodes = new FakeNodes();
    FakeNodes ourNodes = new FakeNodes();
    try (RosPeer ros = RosPeer.startMaster(); EmbeddedMaster ours = EmbeddedMaster.start()) {
      expected = scenario(ros.masterUri(), rosNodes);
      List<String> actual = scenario(ours.uri(), ourNodes);
      // getParamNames differs only by the startup parameters that roscore (not rosmaster) sets
      String last = actual.remove(actual.size() - 1);
      for (String p : List.of(", /run_id", ", /rosdistro", ", /rosversion", "/run_id, ", "/rosdistro, ", "/rosversion, ")) {
        last = last.replace(p, "");
      }
      actual.add(last);
      assertEquals(expected.size(), actual.size());
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), actual.get(i), "answer " + i + " differs from rosmaster's");
      }
      RosPeer.await("node calls of both masters", Duration.ofSeconds(20), () -> ended(rosNodes) && ended(ourNodes));
      for (Map.Entry<String, List<String>> e : ourNodes.calls.entrySet()) {
        for (String call : e.getValue()) {
          assertTrue(rosNodes.calls.get(e.getKey()).contains(call),
              "rosmaster never called " + e.getKey() + " with " + call + "; it called " + rosNodes.calls);
        }
      }
      System.out.println("rosmaster's calls to the nodes: " + rosNodes.calls);
      System.out.println("our master's calls to the nodes: " + ourNodes.calls);
      assertEquals(lastPerKey(rosNodes), lastPerKey(ourNodes));
    } finally {
      rosNodes.close();
      ourNodes.close();
    }
  }
}
