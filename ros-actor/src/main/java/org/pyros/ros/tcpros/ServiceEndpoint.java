package org.pyros.ros.tcpros;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service served on a {@link TcprosServer}: answers each request frame with an ok byte and the
 * handler's response, or ok byte 0 and the failure's text. Created by
 * {@link TcprosServer#registerService}.
 */
public final class ServiceEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceEndpoint.class);

  private final TcprosServer server;
  /** How long a non-persistent connection stays open after its answer, for the client to close it. */
  static final Duration NON_PERSISTENT_LINGER = Duration.ofSeconds(2);

  private final ServiceSpec spec;
  private final ServiceRequestHandler handler;
  private final ByteString replyHeader;
  private final SharedKillSwitch killSwitch;

  ServiceEndpoint(TcprosServer server, ServiceSpec spec, ServiceRequestHandler handler) {
    this.server = server;
    this.spec = spec;
    this.handler = handler;
    this.killSwitch = KillSwitches.shared("service" + spec.service());
    Map<String, String> h = new LinkedHashMap<>();
    h.put(ConnectionHeader.CALLERID, server.callerId());
    h.put(ConnectionHeader.MD5SUM, spec.md5sum());
    h.put(ConnectionHeader.REQUEST_TYPE, spec.requestType());
    h.put(ConnectionHeader.RESPONSE_TYPE, spec.responseType());
    h.put(ConnectionHeader.TYPE, spec.type());
    this.replyHeader = ConnectionHeader.encode(h);
  }

  public ServiceSpec spec() {
    return spec;
  }

  /** Stops serving: unregisters from the server and closes open (persistent) connections. */
  @Override
  public void close() {
    server.removeService(this);
    killSwitch.shutdown();
  }

  /** The connection flow for a client whose header asks for this service. */
  Flow<ByteString, ByteString, NotUsed> accept(Map<String, String> header) {
    String md5 = header.get(ConnectionHeader.MD5SUM);
    String callerId = header.get(ConnectionHeader.CALLERID);
    if (md5 == null || callerId == null) {
      return Refusal.flow("Missing required '" + (md5 == null ? "md5sum" : "callerid") + "' field");
    }
    if (!md5.equals(ConnectionHeader.ANY_MD5SUM) && !md5.equals(spec.md5sum())) {
      return Refusal.flow("request from [" + callerId + "]: md5sums do not match: [" + md5 + "] vs. ["
          + spec.md5sum() + "]");
    }
    if ("1".equals(header.get(ConnectionHeader.PROBE))) {
      return Flow.fromSinkAndSource(Sink.ignore(), Source.single(replyHeader));
    }
    String p = header.getOrDefault(ConnectionHeader.PERSISTENT, "0");
    boolean persistent = p.equals("1") || p.equalsIgnoreCase("true");
    Flow<ByteString, ByteString, NotUsed> answers = Flow.of(ByteString.class).mapAsync(1, this::answer);
    if (!persistent) {
      // One call. The client closes the connection once it has the answer; we close it only if
      // it has not after NON_PERSISTENT_LINGER. Closing right after the answer would race it:
      // roscpp drops a connection whose close it sees before it reads the answer.
      answers = answers.take(1).concat(Source.<ByteString>never().takeWithin(NON_PERSISTENT_LINGER));
    }
    return answers
        .prepend(Source.single(replyHeader))
        .via(killSwitch.flow());
  }

  private CompletionStage<ByteString> answer(ByteString request) {
    CompletionStage<ByteString> response;
    try {
      response = handler.handle(request);
      if (response == null) {
        response = CompletableFuture.failedFuture(new IllegalStateException("handler returned no response"));
      }
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    return response.handle((body, error) -> {
      if (error == null && body != null) {
        return Frames.serviceResponse(true, body);
      }
      String text = errorText(error == null ? new IllegalStateException("handler returned null") : error);
      log.debug("Service {} failed: {}", spec.service(), text);
      return Frames.serviceResponse(false, ByteString.fromString(text, StandardCharsets.UTF_8));
    });
  }

  private static String errorText(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }
}
