package org.pyros.ros.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pyros.ros.peer.RosPeer;

class XmlRpcCodecTest {
  private final XmlRpcReader reader = new XmlRpcReader();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** byte[] has identity equals: compare structures with arrays turned into lists. */
  private static Object comparable(Object v) {
    if (v instanceof byte[] b) {
      List<Byte> l = new ArrayList<>();
      for (byte x : b) {
        l.add(x);
      }
      return List.of("base64", l);
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(x -> out.add(comparable(x)));
      return out;
    }
    if (v instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, x) -> out.put(k, comparable(x)));
      return out;
    }
    return v;
  }

  @Test
  void roundTripsEveryType() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", "last-declared-first");
    inner.put("a", List.of(1, List.of(2.5, "deep"), Map.of("k", false)));
    inner.put("empty", Map.of());
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("inner", inner);
    outer.put("bytes", new byte[] {0, 1, 2, (byte) 255});
    outer.put("list", List.of());
    List<Object> params =
        Arrays.asList(
            42, Integer.MIN_VALUE, Integer.MAX_VALUE, 1L << 40, -(1L << 40), true, false,
            "text <&> ]]> \"q\" 'a' ü 😀\r\n\ttab", "", "  spaced  ",
            3.25, -0.0, 1e300, 4.9e-324, Double.NaN, Double.NEGATIVE_INFINITY,
            new byte[0], new byte[] {10, 20}, List.of(), outer);

    XmlRpcCall call = reader.readCall(XmlRpcWriter.call("some.method", params));

    assertEquals("some.method", call.method());
    assertEquals(comparable(params), comparable(call.params()));
    Map<?, ?> back = (Map<?, ?>) call.params().get(params.size() - 1);
    assertEquals(List.of("inner", "bytes", "list"), new ArrayList<>(back.keySet()), "struct order kept");
    assertEquals(List.of("z", "a", "empty"), new ArrayList<>(((Map<?, ?>) back.get("inner")).keySet()));
  }

  @Test
  void longsFittingAnIntAreSentAsI4AndReadBackAsInteger() {
    String xml = new String(XmlRpcWriter.call("m", List.of(5L, 7, 1L << 40, (short) 3)), StandardCharsets.UTF_8);
    assertTrue(xml.contains("<i4>5</i4>"), xml);
    assertTrue(xml.contains("<i4>7</i4>"), xml);
    assertTrue(xml.contains("<i8>1099511627776</i8>"), xml);
    assertTrue(xml.contains("<i4>3</i4>"), xml);
    assertEquals(List.of(5, 7, 1L << 40, 3), reader.readCall(utf8(xml)).params());
  }

  @Test
  void responsesAndFaultsRoundTrip() {
    assertEquals(List.of(1, "ok", 0), reader.readResponse(XmlRpcWriter.response(List.of(1, "ok", 0))));
    XmlRpcFaultException f =
        assertThrows(XmlRpcFaultException.class, () -> reader.readResponse(XmlRpcWriter.fault(-3, "bad <thing>")));
    assertEquals(-3, f.faultCode());
    assertEquals("bad <thing>", f.faultString());
  }

  @Test
  void refusesWhatXmlRpcCannotCarry() {
    assertThrows(XmlRpcFormatException.class, () -> XmlRpcWriter.call("m", Arrays.asList((Object) null)));
    assertThrows(XmlRpcFormatException.class, () -> XmlRpcWriter.response(new Object()));
    assertThrows(XmlRpcFormatException.class, () -> XmlRpcWriter.response(Map.of(1, "x")));
    assertThrows(XmlRpcFormatException.class, () -> XmlRpcWriter.response("bell \u0007"));
    List<Object> cyclic = new ArrayList<>();
    cyclic.add(cyclic);
    assertThrows(XmlRpcFormatException.class, () -> XmlRpcWriter.response(cyclic));
  }

  /** Exactly as roscpp's XmlRpc++ writes: strings untyped, CRLF and tabs between elements. */
  @Test
  void readsRoscppStyleCallAndResponse() {
    String call =
        "<?xml version=\"1.0\"?>\r\n<methodCall><methodName>registerPublisher</methodName>\r\n"
            + "<params><param><value>/talker</value></param><param><value>/chatter</value></param>"
            + "<param><value>std_msgs/String</value></param>"
            + "<param><value>http://127.0.0.1:40165/</value></param></params></methodCall>\r\n";
    XmlRpcCall c = reader.readCall(utf8(call));
    assertEquals("registerPublisher", c.method());
    assertEquals(List.of("/talker", "/chatter", "std_msgs/String", "http://127.0.0.1:40165/"), c.params());

    String response =
        "<?xml version=\"1.0\"?>\r\n<methodResponse><params><param>\r\n\t"
            + "<value><array><data><value><i4>1</i4></value><value></value>"
            + "<value><array><data><value>TCPROS</value><value>127.0.0.1</value>"
            + "<value><i4>45013</i4></value></data></array></value></data></array></value>"
            + "\r\n</param></params></methodResponse>\r\n";
    assertEquals(List.of(1, "", List.of("TCPROS", "127.0.0.1", 45013)), reader.readResponse(utf8(response)));

    String structs =
        "<?xml version=\"1.0\"?>\r\n<methodResponse><params><param>\r\n\t<value><struct>"
            + "<member><name>b</name><value><boolean>1</boolean></value></member>"
            + "<member><name>d</name><value><double>0.5</double></value></member>"
            + "<member><name>s</name><value>x y</value></member></struct></value>\r\n"
            + "</param></params></methodResponse>\r\n";
    Map<?, ?> m = (Map<?, ?>) reader.readResponse(utf8(structs));
    assertEquals(Map.of("b", true, "d", 0.5, "s", "x y"), m);
  }

  /** The XML comes from Python's own xmlrpc.client, as rospy and rosmaster send it. */
  @Test
  void readsWhatPythonXmlrpcWrites() throws Exception {
    try (RosPeer peer = RosPeer.forMaster(java.net.URI.create("http://127.0.0.1:1/"))) {
      RosPeer.Result r = peer.python(String.join("\n",
          "import sys, xmlrpc.client as x",
          "v = ({'name': 'n', 'nested': {'list': [1, -2, 2.5, True, 'ü <&>'], 'empty': {}}, 'bin': x.Binary(b'\\x00\\xffhi')},",
          "     [], '', 2147483647, x.DateTime('20240102T03:04:05'))",
          "sys.stdout.write(x.dumps(v, methodname='test.call'))",
          "sys.stdout.write('\\n=====\\n')",
          "sys.stdout.write(x.dumps(([1, 'current system state', [[['/t', ['/n1', '/n2']]], [], []]],), methodresponse=True))",
          "sys.stdout.write('\\n=====\\n')",
          "sys.stdout.write(x.dumps(x.Fault(-32601, 'method \"m\" is not supported')))"));
      assertTrue(r.ok(), r.toString());
      String[] docs = r.stdout().split("\n=====\n");

      XmlRpcCall call = reader.readCall(utf8(docs[0]));
      assertEquals("test.call", call.method());
      Map<?, ?> first = (Map<?, ?>) call.params().get(0);
      assertEquals("n", first.get("name"));
      assertEquals(Map.of("list", List.of(1, -2, 2.5, true, "ü <&>"), "empty", Map.of()), first.get("nested"));
      assertArrayEquals(new byte[] {0, (byte) 0xff, 'h', 'i'}, (byte[]) first.get("bin"));
      assertEquals(List.of(), call.params().get(1));
      assertEquals("", call.params().get(2));
      assertEquals(Integer.MAX_VALUE, call.params().get(3));
      assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5), call.params().get(4));

      assertEquals(
          List.of(1, "current system state", List.of(List.of(List.of("/t", List.of("/n1", "/n2"))), List.of(), List.of())),
          reader.readResponse(utf8(docs[1])));

      XmlRpcFaultException f = assertThrows(XmlRpcFaultException.class, () -> reader.readResponse(utf8(docs[2])));
      assertEquals(-32601, f.faultCode());
      assertEquals("method \"m\" is not supported", f.faultString());
    }
  }

  @Test
  void readsI8IntAndNilAndCdata() {
    String xml = "<methodCall><methodName>m</methodName><params>"
        + "<param><value><i8>5</i8></value></param>"
        + "<param><value><int>-9000000000</int></value></param>"
        + "<param><value><nil/></value></param>"
        + "<param><value><string><![CDATA[a<b]]></string></value></param>"
        + "<param><value><string/></value></param>"
        + "</params></methodCall>";
    List<Object> p = reader.readCall(utf8(xml)).params();
    assertEquals(5, p.get(0));
    assertEquals(-9000000000L, p.get(1));
    assertNull(p.get(2));
    assertEquals("a<b", p.get(3));
    assertEquals("", p.get(4));
  }

  @Test
  void refusesBadDocuments() {
    String[] bad = {
      "",
      "not xml",
      "<methodCall><methodName>m</methodName><params><param><value><i4>1</i4></value></param>",
      "<methodCall><methodName>m</methodName><params><param><value><i4>x</i4></value></param></params></methodCall>",
      "<methodCall><methodName>m</methodName><params><param><value><boolean>2</boolean></value></param></params></methodCall>",
      "<methodCall><methodName>m</methodName><params><param><value><double>1d</double></value></param></params></methodCall>",
      "<methodCall><methodName>m</methodName><params><param><value><base64>!!</base64></value></param></params></methodCall>",
      "<methodCall><methodName>m</methodName><params><param><value><blob/></value></param></params></methodCall>",
      "<methodCall><methodName>m</methodName><params><param><value><i4>1</i4><i4>2</i4></value></param></params></methodCall>",
      "<methodCall><methodName>m</methodName><params><param><value><struct><member><name>a</name></member></struct></value></param></params></methodCall>",
      "<methodCall><params/></methodCall>",
      "<methodResponse><params><param><value>a</value></param></params></methodResponse>",
    };
    for (String xml : bad) {
      assertThrows(XmlRpcFormatException.class, () -> reader.readCall(utf8(xml)), xml);
    }
    assertThrows(XmlRpcFormatException.class, () -> reader.readResponse(utf8("<methodResponse/>")));
  }

  @Test
  void refusesDeepNestingAndLargeDocuments() {
    String deep = "<value><array><data>".repeat(70) + "<value>x</value>" + "</data></array></value>".repeat(70);
    String xml = "<methodCall><methodName>m</methodName><params><param>" + deep + "</param></params></methodCall>";
    XmlRpcFormatException e = assertThrows(XmlRpcFormatException.class, () -> reader.readCall(utf8(xml)));
    assertTrue(e.getMessage().contains("deeper than 64"), e.getMessage());

    XmlRpcReader small = new XmlRpcReader(new XmlRpcLimits(100, 64));
    byte[] big = XmlRpcWriter.call("m", List.of("x".repeat(200)));
    assertThrows(XmlRpcFormatException.class, () -> small.readCall(big));
  }

  @Test
  void refusesDtdsAndEntities() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        + "<methodCall><methodName>m</methodName><params><param><value>&xxe;</value></param></params></methodCall>";
    XmlRpcFormatException e = assertThrows(XmlRpcFormatException.class, () -> reader.readCall(utf8(xxe)));
    assertInstanceOf(XmlRpcFormatException.class, e);
    assertTrue(e.getMessage().contains("DTD"), e.getMessage());
    String undeclared = "<methodCall><methodName>m</methodName><params><param><value>&foo;</value></param></params></methodCall>";
    assertThrows(XmlRpcFormatException.class, () -> reader.readCall(utf8(undeclared)));
  }
}
