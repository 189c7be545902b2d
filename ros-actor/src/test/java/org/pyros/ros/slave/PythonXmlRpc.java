package org.pyros.ros.slave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.pyros.ros.peer.RosPeer;

/**
 * XML-RPC calls made by Python's own {@code xmlrpc.client}, as ROS tools make them: a batch of
 * {@code [uri, method, params]} in, one JSON answer per call out ({@code {"fault": text}} for a
 * fault, {@code {"error": text}} when the call failed otherwise).
 */
final class PythonXmlRpc {
  private static final ObjectMapper json = new ObjectMapper();
  private static final String SCRIPT = """
      import json, sys, xmlrpc.client, base64, datetime
      def plain(v):
          if isinstance(v, xmlrpc.client.Binary):
              return {"base64": base64.b64encode(v.data).decode()}
          if isinstance(v, xmlrpc.client.DateTime):
              return {"dateTime": v.value}
          if isinstance(v, (list, tuple)):
              return [plain(x) for x in v]
          if isinstance(v, dict):
              return {k: plain(x) for k, x in v.items()}
          return v
      out = []
      for uri, method, params in json.load(open(sys.argv[1])):
          try:
              r = getattr(xmlrpc.client.ServerProxy(uri), method)(*params)
              out.append({"result": plain(r)})
          except xmlrpc.client.Fault as f:
              out.append({"fault": f.faultString})
          except Exception as e:
              out.append({"error": repr(e)})
      print(json.dumps(out))
      """;

  private PythonXmlRpc() {}

  /** One call: the node or master URI, the method and its parameters (JSON-mappable values). */
  record Call(String uri, String method, List<Object> params) {}

  /** Runs {@code calls} in one Python process; answers in order. */
  static List<JsonNode> call(RosPeer ros, List<Call> calls) throws Exception {
    List<List<Object>> batch = calls.stream().map(c -> List.<Object>of(c.uri(), c.method(), c.params())).toList();
    var file = ros.writeFile("calls-" + System.nanoTime() + ".json", json.writeValueAsString(batch));
    RosPeer.Result r = ros.python(SCRIPT, file.toString());
    if (!r.ok()) {
      throw new AssertionError("python xmlrpc.client failed: " + r);
    }
    JsonNode answers = json.readTree(r.stdout());
    List<JsonNode> out = new java.util.ArrayList<>();
    answers.forEach(out::add);
    return out;
  }
}
