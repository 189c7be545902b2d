package org.pyros.ros.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pyros.ros.peer.RosPeer;

/** Our server and client against Python's standard xmlrpc (the library rospy and rosmaster use). */
class XmlRpcPythonInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void pythonClientCallsOurServer() throws Exception {
    try (XmlRpcServer server = XmlRpcServer.start();
        RosPeer peer = RosPeer.forMaster(URI.create("http://127.0.0.1:1/"))) {
      server.register("echo", params -> CompletableFuture.completedFuture(params));
      server.register("describe", params -> {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("count", params.size());
        result.put("big", 1L << 40);
        result.put("nested", List.of(Map.of("ok", true), List.of(1.5, "two")));
        result.put("bytes", new byte[] {1, 2, 3});
        return CompletableFuture.completedFuture(result);
      });
      server.register("fail", params -> CompletableFuture.failedFuture(new XmlRpcFaultException(42, "nope: " + params.get(0))));

      RosPeer.Result r = peer.python(String.join("\n",
          "import json, sys, xmlrpc.client as x",
          "p = x.ServerProxy(sys.argv[1])",
          "out = {}",
          "out['echo'] = p.echo('ü <&>', 7, 2.5, True, {'k': [1, {'deep': 'v'}], 'e': {}}, [])",
          "d = p.describe(1, 2)",
          "d['bytes'] = list(d['bytes'].data)",
          "out['describe'] = d",
          "try:",
          "    p.fail('arg')",
          "    out['fault'] = None",
          "except x.Fault as f:",
          "    out['fault'] = [f.faultCode, f.faultString]",
          "try:",
          "    p.missing()",
          "except x.Fault as f:",
          "    out['missing'] = f.faultCode",
          "print(json.dumps(out))"), server.uri().toString());
      assertTrue(r.ok(), r.toString());

      JsonNode expected = JSON.readTree("""
          {"echo": ["ü <&>", 7, 2.5, true, {"k": [1, {"deep": "v"}], "e": {}}, []],
           "describe": {"count": 2, "big": 1099511627776, "nested": [{"ok": true}, [1.5, "two"]], "bytes": [1, 2, 3]},
           "fault": [42, "nope: arg"],
           "missing": -32601}""");
      assertEquals(expected, JSON.readTree(r.stdout()));
    }
  }

  @Test
  void ourClientCallsPythonServer() throws Exception {
    try (RosPeer peer = RosPeer.forMaster(URI.create("http://127.0.0.1:1/"))) {
      RosPeer.Program py = peer.startPython(String.join("\n",
          "import xmlrpc.server as s, xmlrpc.client as x",
          "srv = s.SimpleXMLRPCServer(('127.0.0.1', 0), logRequests=False)",
          "srv.register_function(lambda *a: list(a), 'echo')",
          "srv.register_function(lambda: {'z': 1, 'a': [True, 2.5, 'x', x.Binary(b'\\x00\\x01')]}, 'state')",
          "def fail(): raise ValueError('python says no')",
          "srv.register_function(fail, 'fail')",
          "print('port', srv.server_address[1], flush=True)",
          "srv.serve_forever()"));
      py.awaitOutput("port ", Duration.ofSeconds(20));
      String port = py.stdout().trim().split("\\s+")[1];
      URI uri = URI.create("http://127.0.0.1:" + port + "/");
      XmlRpcClient client = new XmlRpcClient();

      // Python reads <i8> but refuses to write ints beyond 32 bits, so none travel back here.
      Map<String, Object> arg = new LinkedHashMap<>();
      arg.put("b", List.of(1, "two", 3.0));
      arg.put("a", Map.of());
      Object echoed = client.call(uri, "echo", "ü <&>", 5, false, arg).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(List.of("ü <&>", 5, false, arg), echoed);

      Map<?, ?> state = (Map<?, ?>) client.call(uri, "state").toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(1, state.get("z"));
      List<?> a = (List<?>) state.get("a");
      assertEquals(List.of(true, 2.5, "x"), a.subList(0, 3));
      assertArrayEquals(new byte[] {0, 1}, (byte[]) a.get(3));

      CompletionException e = assertThrows(CompletionException.class,
          () -> client.call(uri, "fail").toCompletableFuture().join());
      XmlRpcFaultException f = assertInstanceOf(XmlRpcFaultException.class, e.getCause());
      assertTrue(f.faultString().contains("python says no"), f.faultString());
    }
  }
}
