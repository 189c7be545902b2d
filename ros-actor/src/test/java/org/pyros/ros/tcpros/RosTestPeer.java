package org.pyros.ros.tcpros;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Test-only scaffolding to run real ROS programs (a rosmaster, rospy scripts, CLI tools) and make
 * the few XML-RPC calls these tests need, for the TCPROS tests of this package.
 */
final class RosTestPeer implements AutoCloseable {
  static final String PYTHON = "/usr/bin/python3";

  final Path dir;
  final int masterPort;
  final String masterUri;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private RosTestPeer(Path dir, int masterPort) {
    this.dir = dir;
    this.masterPort = masterPort;
    this.masterUri = "http://127.0.0.1:" + masterPort + "/";
  }

  /** Starts {@code rosmaster --core} on a free port and waits until it answers. */
  static RosTestPeer startMaster() throws Exception {
    RosTestPeer peer = new RosTestPeer(Files.createTempDirectory("pyros-tcpros"), freePort());
    try {
      peer.start("/usr/bin/rosmaster", "--core", "-p", String.valueOf(peer.masterPort));
      peer.await("master ready", Duration.ofSeconds(20), () -> {
        try {
          return peer.call(peer.masterUri, "getUri", "/probe").get(0).equals(1);
        } catch (Exception e) {
          return false;
        }
      });
      return peer;
    } catch (Exception | Error e) {
      peer.close();
      throw e;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts a ROS program with the ROS environment; its output goes to a log file in {@link #dir}. */
  Process start(String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("ROS_MASTER_URI", "http://127.0.0.1:" + masterPort);
    env.put("ROS_HOSTNAME", "127.0.0.1");
    env.put("ROS_IP", "127.0.0.1");
    env.put("ROS_LOG_DIR", dir.toString());
    env.put("ROS_HOME", dir.toString());
    env.put("PYTHONUNBUFFERED", "1");
    Path log = dir.resolve("proc" + processes.size() + ".log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  /** Writes a python script to {@link #dir} and runs it with the system python. */
  Process python(String name, String source) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(script, source);
    return start(PYTHON, script.toString());
  }

  /** Output so far of the i-th started process. */
  String output(Process p) throws IOException {
    return Files.readString(dir.resolve("proc" + processes.indexOf(p) + ".log"));
  }

  void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** A ROS XML-RPC call; params are String, Integer or List; returns [code, status, value]. */
  List<Object> call(String uri, String method, Object... params) throws Exception {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>")
        .append(method).append("</methodName><params>");
    for (Object p : params) {
      xml.append("<param>").append(value(p)).append("</param>");
    }
    xml.append("</params></methodCall>");
    HttpRequest req = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5))
        .header("Content-Type", "text/xml")
        .POST(HttpRequest.BodyPublishers.ofString(xml.toString())).build();
    byte[] body = http.send(req, HttpResponse.BodyHandlers.ofByteArray()).body();
    Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(body)).getDocumentElement();
    Element v = (Element) root.getElementsByTagName("value").item(0);
    @SuppressWarnings("unchecked")
    List<Object> result = (List<Object>) parse(v);
    return result;
  }

  private static String value(Object p) {
    if (p instanceof Integer i) {
      return "<value><i4>" + i + "</i4></value>";
    }
    if (p instanceof List<?> l) {
      StringBuilder b = new StringBuilder("<value><array><data>");
      l.forEach(x -> b.append(value(x)));
      return b.append("</data></array></value>").toString();
    }
    return "<value><string>" + p.toString().replace("&", "&amp;").replace("<", "&lt;") + "</string></value>";
  }

  private static Object parse(Element value) {
    Element typed = null;
    for (Node n = value.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        typed = e;
      }
    }
    if (typed == null) {
      return value.getTextContent();
    }
    switch (typed.getTagName()) {
      case "i4", "int", "boolean":
        return Integer.parseInt(typed.getTextContent().trim());
      case "array": {
        List<Object> out = new ArrayList<>();
        Element data = (Element) typed.getElementsByTagName("data").item(0);
        for (Node n = data.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n instanceof Element e && e.getTagName().equals("value")) {
            out.add(parse(e));
          }
        }
        return out;
      }
      default:
        return typed.getTextContent();
    }
  }

  static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /** Lines "key=value" printed by a script, waited for. */
  String awaitLine(Process p, String key, Duration limit) throws Exception {
    String[] found = new String[1];
    await(key + " from script", limit, () -> {
      try {
        for (String line : output(p).split("\n")) {
          if (line.startsWith(key + "=")) {
            found[0] = line.substring(key.length() + 1);
            return true;
          }
        }
        if (!p.isAlive()) {
          throw new AssertionError("script ended: " + output(p));
        }
        return false;
      } catch (IOException e) {
        return false;
      }
    });
    return found[0];
  }

  @Override
  public void close() throws InterruptedException {
    // newest first so nodes go before the master
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
