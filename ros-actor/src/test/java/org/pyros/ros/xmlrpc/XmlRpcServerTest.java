package org.pyros.ros.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.ErrorCode;
import org.pyros.ros.peer.RosPeer;

/** Hostile and broken requests against a running server; after each, a good call must work. */
class XmlRpcServerTest {
  private static final int MAX_BYTES = 64 * 1024;

  private XmlRpcServer server;
  private final XmlRpcClient client = new XmlRpcClient();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    server = XmlRpcServer.builder()
        .limits(new XmlRpcLimits(MAX_BYTES, 64))
        .handlerTimeout(Duration.ofMillis(500))
        .start();
    server.register("echo", params -> CompletableFuture.completedFuture(params));
    server.register("boom", params -> {
      throw new IllegalStateException("handler exploded");
    });
    server.register("refuse", params -> CompletableFuture.failedFuture(new XmlRpcFaultException(7, "refused on purpose")));
    server.register("never", params -> new CompletableFuture<>());
  }

  @AfterEach
  void stillServesAndStops() throws Exception {
    try {
      assertEquals(List.of("still", "up"), call("echo", "still", "up"));
    } finally {
      server.close();
    }
  }

  private Object call(String method, Object... params) throws Exception {
    return client.call(server.uri(), method, params).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> post(String body) throws Exception {
    return post(body.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> post(byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.uri()).timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The fault of a raw response, read with our reader. */
  private XmlRpcFaultException fault(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return assertThrows(XmlRpcFaultException.class,
        () -> new XmlRpcReader().readResponse(r.body().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void uriIsLoopbackWithTheBoundPort() {
    assertEquals(URI.create("http://127.0.0.1:" + server.address().getPort() + "/"), server.uri());
    assertTrue(server.address().getPort() > 0);
  }

  @Test
  void malformedXmlGetsAParseFault() throws Exception {
    XmlRpcFaultException f = fault(post("this is <not xml"));
    assertEquals(XmlRpcFaultException.PARSE_ERROR, f.faultCode());
  }

  @Test
  void truncatedBodyGetsAParseFault() throws Exception {
    String full = new String(XmlRpcWriter.call("echo", List.of(Map.of("a", List.of(1, 2)))), StandardCharsets.UTF_8);
    XmlRpcFaultException f = fault(post(full.substring(0, full.length() / 2)));
    assertEquals(XmlRpcFaultException.PARSE_ERROR, f.faultCode());
  }

  @Test
  void externalEntityIsRefusedNotExpanded() throws Exception {
    String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
        + "<methodCall><methodName>echo</methodName><params><param><value><string>&xxe;</string></value>"
        + "</param></params></methodCall>";
    HttpResponse<String> r = post(xxe);
    XmlRpcFaultException f = fault(r);
    assertEquals(XmlRpcFaultException.PARSE_ERROR, f.faultCode());
    assertTrue(f.faultString().contains("DTD"), f.faultString());
    assertFalse(r.body().contains("root:"), "passwd content leaked: " + r.body());
  }

  @Test
  void billionLaughsIsRefusedNotExpanded() throws Exception {
    StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    dtd.append("<!ENTITY lol1 \"").append("&lol;".repeat(10)).append("\">\n");
    for (int i = 2; i <= 9; i++) {
      dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
    }
    dtd.append("]>\n<methodCall><methodName>echo</methodName><params><param><value>&lol9;</value>"
        + "</param></params></methodCall>");
    long start = System.nanoTime();
    HttpResponse<String> r = post(dtd.toString());
    XmlRpcFaultException f = fault(r);
    assertEquals(XmlRpcFaultException.PARSE_ERROR, f.faultCode());
    assertFalse(r.body().contains("lollol"), "entities were expanded");
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "took too long");
  }

  @Test
  void tooDeepNestingGetsAFault() throws Exception {
    String deep = "<value><array><data>".repeat(100) + "</data></array></value>".repeat(100);
    XmlRpcFaultException f = fault(post(
        "<methodCall><methodName>echo</methodName><params><param>" + deep + "</param></params></methodCall>"));
    assertTrue(f.faultString().contains("deeper"), f.faultString());
  }

  @Test
  void wrongHttpMethodGets405() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri()).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, r.statusCode());
    assertEquals("POST", r.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void oversizedBodyGets413() throws Exception {
    byte[] big = XmlRpcWriter.call("echo", List.of("x".repeat(MAX_BYTES)));
    assertEquals(413, post(big).statusCode());
    // Our client turns the HTTP error into an XmlRpcException.
    CompletionException e = assertThrows(CompletionException.class,
        () -> client.call(server.uri(), "echo", "x".repeat(MAX_BYTES)).toCompletableFuture().join());
    assertInstanceOf(XmlRpcException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("413"), e.getCause().getMessage());
  }

  @Test
  void unknownMethodGetsAFault() {
    XmlRpcFaultException f = faultOf(() -> call("noSuchMethod", 1));
    assertEquals(XmlRpcFaultException.METHOD_NOT_FOUND, f.faultCode());
    assertTrue(f.faultString().contains("noSuchMethod"));
  }

  @Test
  void throwingHandlerGetsAFault() {
    XmlRpcFaultException f = faultOf(() -> call("boom"));
    assertEquals(XmlRpcFaultException.APPLICATION_ERROR, f.faultCode());
    assertTrue(f.faultString().contains("handler exploded"), f.faultString());
  }

  @Test
  void handlerChoosesItsFault() {
    XmlRpcFaultException f = faultOf(() -> call("refuse"));
    assertEquals(7, f.faultCode());
    assertEquals("refused on purpose", f.faultString());
  }

  @Test
  void handlerWithoutResultGetsAFaultAfterItsTimeout() {
    XmlRpcFaultException f = faultOf(() -> call("never"));
    assertTrue(f.faultString().contains("no result"), f.faultString());
  }

  @Test
  void clientTimesOutAndReportsRefusedConnections() throws Exception {
    XmlRpcException slow = assertInstanceOf(XmlRpcException.class, assertThrows(CompletionException.class,
        () -> client.call(server.uri(), "never", List.of(), Duration.ofMillis(200)).toCompletableFuture().join()).getCause());
    assertEquals(ErrorCode.TIMEOUT, slow.code());

    URI nobody = URI.create("http://127.0.0.1:" + RosPeer.freePort() + "/");
    XmlRpcException refused = assertInstanceOf(XmlRpcException.class, assertThrows(CompletionException.class,
        () -> client.call(nobody, "echo").toCompletableFuture().join()).getCause());
    assertEquals(ErrorCode.UNAVAILABLE, refused.code());
  }

  @Test
  void unencodableResultGetsAFault() {
    server.register("bad", params -> CompletableFuture.completedFuture(new Object()));
    XmlRpcFaultException f = faultOf(() -> call("bad"));
    assertTrue(f.faultString().contains("cannot be encoded"), f.faultString());
  }

  @Test
  void clientRefusesAnOversizedResponse() {
    server.register("big", params -> CompletableFuture.completedFuture("y".repeat(10_000)));
    XmlRpcClient small = new XmlRpcClient(Duration.ofSeconds(2), Duration.ofSeconds(5), new XmlRpcLimits(4096, 64));
    CompletionException e = assertThrows(CompletionException.class,
        () -> small.call(server.uri(), "big").toCompletableFuture().join());
    XmlRpcFormatException f = assertInstanceOf(XmlRpcFormatException.class, e.getCause());
    assertTrue(f.getMessage().contains("4096"), f.getMessage());
  }

  interface Call {
    Object run() throws Exception;
  }

  private static XmlRpcFaultException faultOf(Call c) {
    Exception e = assertThrows(Exception.class, c::run);
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return assertInstanceOf(XmlRpcFaultException.class, cause);
  }
}
