package org.pyros.ros.tcpros;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;

/** TCPROS against the real rospy / rosservice of the machine, through a real rosmaster. */
class RospyInteropTest {
  private static final String ME = "/pyros_tcpros_test";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static RosTestPeer ros;

  @BeforeAll
  static void start() throws Exception {
    ros = RosTestPeer.startMaster();
  }

  @AfterAll
  static void stop() throws Exception {
    if (ros != null) {
      ros.close();
    }
  }

  @Test
  void rospyPublisherToOurSubscriber() throws Exception {
    Process talker = ros.python("talker.py", """
        import io, rospy
        from std_msgs.msg import String
        rospy.init_node('talker')
        msg = String(data='hello pyros \\u00e9')
        b = io.BytesIO(); msg.serialize(b)
        print('md5=' + String._md5sum)
        print('definition=' + String._full_text.encode('utf-8').hex())
        print('bytes=' + b.getvalue().hex())
        pub = rospy.Publisher('/chatter', String, queue_size=10)
        r = rospy.Rate(20)
        while not rospy.is_shutdown():
            pub.publish(msg)
            r.sleep()
        """);
    String md5 = ros.awaitLine(talker, "md5", WAIT);
    String definition = RosTestPeer.utf8(RosTestPeer.hex(ros.awaitLine(talker, "definition", WAIT)));
    byte[] expected = RosTestPeer.hex(ros.awaitLine(talker, "bytes", WAIT));

    String[] nodeUri = new String[1];
    ros.await("talker registered", WAIT, () -> {
      try {
        List<Object> r = ros.call(ros.masterUri, "lookupNode", ME, "/talker");
        nodeUri[0] = (String) r.get(2);
        return r.get(0).equals(1);
      } catch (Exception e) {
        return false;
      }
    });
    List<?>[] protocol = new List<?>[1];
    ros.await("requestTopic answered", WAIT, () -> {
      try {
        List<Object> r = ros.call(nodeUri[0], "requestTopic", ME, "/chatter", List.of(List.of("TCPROS")));
        protocol[0] = (List<?>) r.get(2);
        return r.get(0).equals(1);
      } catch (Exception e) {
        return false;
      }
    });
    assertEquals("TCPROS", protocol[0].get(0));
    InetSocketAddress publisher = new InetSocketAddress((String) protocol[0].get(1), (Integer) protocol[0].get(2));

    List<ByteString> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Map<String, String>> header = new CompletableFuture<>();
    TopicSpec spec = new TopicSpec("/chatter", "std_msgs/String", md5, definition);
    try (Subscription sub = Subscription.connect(ME, spec, publisher, new SubscriptionListener() {
      @Override
      public void onConnected(Map<String, String> h) {
        header.complete(h);
      }

      @Override
      public void onMessage(ByteString m) {
        received.add(m.compact());
      }
    })) {
      Map<String, String> h = header.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals("/talker", h.get("callerid"));
      assertEquals("std_msgs/String", h.get("type"));
      assertEquals(md5, h.get("md5sum"));
      assertEquals(definition, h.get("message_definition"));
      ros.await("3 messages", WAIT, () -> received.size() >= 3);
      for (ByteString m : received) {
        assertArrayEquals(expected, m.toArray());
      }
    }
  }

  @Test
  void ourServiceClientCallsRospyServers() throws Exception {
    Process server = ros.python("flagger.py", """
        import io, rospy
        from std_srvs.srv import SetBool, SetBoolRequest, SetBoolResponse
        rospy.init_node('flagger')
        def hx(m):
            b = io.BytesIO(); m.serialize(b); return b.getvalue().hex()
        def ok(req):
            return SetBoolResponse(success=req.data, message='flag is %s' % req.data)
        def broken(req):
            raise Exception('boom from python')
        print('md5=' + SetBool._md5sum)
        print('request=' + hx(SetBoolRequest(data=True)))
        print('response=' + hx(SetBoolResponse(success=True, message='flag is True')))
        rospy.Service('/set_flag', SetBool, ok)
        rospy.Service('/broken', SetBool, broken)
        rospy.spin()
        """);
    String md5 = ros.awaitLine(server, "md5", WAIT);
    ByteString request = ByteString.fromArray(RosTestPeer.hex(ros.awaitLine(server, "request", WAIT)));
    byte[] expected = RosTestPeer.hex(ros.awaitLine(server, "response", WAIT));
    ServiceSpec setBool = ServiceSpec.of("/set_flag", "std_srvs/SetBool", md5);
    InetSocketAddress flag = lookupService("/set_flag");
    InetSocketAddress broken = lookupService("/broken");

    Duration t = Duration.ofSeconds(10);
    assertArrayEquals(expected,
        ServiceClient.call(ME, setBool, flag, request, t).toCompletableFuture().join().toArray());
    try (ServiceClient p = ServiceClient.persistent(ME, setBool, flag, t)) {
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(expected, p.call(request).toCompletableFuture().join().toArray());
      }
    }
    Map<String, String> probed = ServiceClient.probe(ME, "/set_flag", flag, t).toCompletableFuture().join();
    assertEquals("std_srvs/SetBool", probed.get("type"));

    ServiceSpec brokenSpec = ServiceSpec.of("/broken", "std_srvs/SetBool", md5);
    CompletableFuture<ByteString> failed = ServiceClient.call(ME, brokenSpec, broken, request, t)
        .toCompletableFuture();
    CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, failed::join);
    PyrosException p = assertInstanceOf(PyrosException.class, e.getCause());
    assertEquals(ErrorCode.SERVICE_FAILED, p.code());
    assertTrue(p.getMessage().contains("boom from python"), p.getMessage());
  }

  @Test
  void rosserviceCallReachesOurServer() throws Exception {
    Process md5Proc = ros.python("md5.py", "from std_srvs.srv import SetBool\nprint('md5=' + SetBool._md5sum)\n");
    String md5 = ros.awaitLine(md5Proc, "md5", WAIT);
    List<ByteString> requests = new CopyOnWriteArrayList<>();
    try (TcprosServer server = TcprosServer.start(ME).toCompletableFuture().join()) {
      server.registerService(ServiceSpec.of("/pyros_flag", "std_srvs/SetBool", md5), req -> {
        requests.add(req);
        // SetBoolResponse by hand (test only): bool success, string message
        byte[] text = ("flag=" + req.apply(0)).getBytes(StandardCharsets.UTF_8);
        ByteString resp = new ByteStringBuilder().putByte((byte) 1)
            .putInt(text.length, ByteOrder.LITTLE_ENDIAN).putBytes(text).result();
        return CompletableFuture.completedFuture(resp);
      });
      String api = "rosrpc://127.0.0.1:" + server.serviceAddress().getPort();
      List<Object> reg = ros.call(ros.masterUri, "registerService", ME, "/pyros_flag", api, "http://127.0.0.1:9/");
      assertEquals(1, reg.get(0), reg.toString());

      Process type = ros.start("/usr/bin/rosservice", "type", "/pyros_flag");
      assertTrue(type.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals("std_srvs/SetBool", ros.output(type).trim());

      Process call = ros.start("/usr/bin/rosservice", "call", "/pyros_flag", "data: true");
      assertTrue(call.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
      String out = ros.output(call);
      assertEquals(0, call.exitValue(), out);
      assertTrue(out.contains("success: True"), out);
      assertTrue(out.contains("flag=1"), out);
      assertEquals(1, requests.size());
      assertArrayEquals(new byte[] {1}, requests.get(0).toArray());
      ros.call(ros.masterUri, "unregisterService", ME, "/pyros_flag", api);
    }
  }

  private InetSocketAddress lookupService(String service) throws Exception {
    String[] uri = new String[1];
    ros.await(service + " registered", WAIT, () -> {
      try {
        List<Object> r = ros.call(ros.masterUri, "lookupService", ME, service);
        uri[0] = (String) r.get(2);
        return r.get(0).equals(1);
      } catch (Exception e) {
        return false;
      }
    });
    URI u = URI.create(uri[0]);
    assertEquals("rosrpc", u.getScheme());
    return new InetSocketAddress(u.getHost(), u.getPort());
  }
}
