package org.pyros.ros2.system;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.ros2.cdr.CdrCodec;
import org.pyros.ros2.rtps.LocalReader;
import org.pyros.ros2.rtps.LocalWriter;
import org.pyros.ros2.rtps.Participant;
import org.pyros.ros2.rtps.endpoint.Sample;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.RtpsFormatException;
import org.pyros.ros2.rtps.wire.SequenceNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one ROS 2 service, shared by every caller of this system: a request writer
 * on {@code rq/<name>Request} and a reply reader on {@code rr/<name>Reply}. Each request goes
 * out in the identity form of the server (the {@link CycloneRequestHeader} to a Cyclone DDS one,
 * the {@link SampleIdentity} to the others); each reply completes the call of its identity, and
 * replies to other clients of the service are dropped. A call waits (within its timeout) until a
 * server's endpoints and ours know each other, since a volatile reply writer drops what it
 * writes before it knows our reader. At most {@code maxPending} calls wait or run at once, and at
 * most {@link #IN_FLIGHT} of them are out at the server: the services profile keeps the last 10
 * requests in a server's reader, so a larger burst would lose the oldest before it takes them.
 */
final class Ros2ServiceClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Ros2ServiceClient.class);
  /** How often waiting calls look again for a server that knows our endpoints. */
  private static final long READY_RECHECK_MICROS = 2_000;
  /** Requests sent and not answered yet, at most: the history depth of ROS 2's services profile. */
  static final int IN_FLIGHT = QosProfiles.named("services").history().depth();

  private enum Form { CYCLONE_HEADER, SAMPLE_IDENTITY }

  private record Key(Form form, long number) {}

  /** One call: its encoded request, its outcome, its timeout. */
  private static final class Call {
    final ByteBuffer request;
    final CompletableFuture<Message> result = new CompletableFuture<>();
    ScheduledFuture<?> timeout;
    Key key; // null while waiting for a server

    Call(ByteBuffer request) {
      this.request = request;
    }
  }

  private final String service;
  private final CdrCodec requestCodec;
  private final CdrCodec responseCodec;
  private final Participant participant;
  private final RequestForms forms;
  private final ScheduledExecutorService timer;
  private final Executor delivery;
  private final int maxPending;
  private final LocalWriter writer;
  private final LocalReader reader;
  private final long clientId;
  private final Object lock = new Object();
  // Guarded by lock.
  private final List<Call> waiting = new ArrayList<>();
  private final Map<Key, Call> pending = new HashMap<>();
  private long nextHeaderSequence;
  private boolean recheckScheduled;
  /** The server found ready last, and our endpoints' match counts then: unchanged counts, same server. */
  private GuidPrefix ready;
  private int readyWriterMatches;
  private int readyReaderMatches;
  private boolean fullReported;
  private boolean closed;

  Ros2ServiceClient(String service, String requestTopic, String replyTopic, String requestType, String replyType,
      CdrCodec requestCodec, CdrCodec responseCodec, Participant participant, RequestForms forms,
      ScheduledExecutorService timer, Executor delivery, int maxPending) {
    this.service = service;
    this.requestCodec = requestCodec;
    this.responseCodec = responseCodec;
    this.participant = participant;
    this.forms = forms;
    this.timer = timer;
    this.delivery = delivery;
    this.maxPending = maxPending;
    this.reader = participant.createReader(replyTopic, replyType, QosProfiles.named("services"), this::onReply);
    this.writer = participant.createWriter(requestTopic, requestType, QosProfiles.named("services"));
    this.clientId = clientIdOf(writer.guid());
  }

  LocalWriter writer() {
    return writer;
  }

  LocalReader reader() {
    return reader;
  }

  /** Calls the service once; the stage fails with TIMEOUT, UNAVAILABLE (table full, closed) or BAD_MESSAGE. */
  CompletableFuture<Message> call(Message request, Duration timeout) {
    ByteBuffer encoded;
    try {
      encoded = requestCodec.encode(request);
    } catch (MessageFormatException e) {
      return CompletableFuture.failedFuture(new PyrosException(ErrorCode.BAD_MESSAGE,
          "request to " + service + ": " + e.getMessage(), e));
    }
    Call call = new Call(encoded);
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(new PyrosException(ErrorCode.UNAVAILABLE, "the ROS 2 system is closed"));
      }
      if (waiting.size() + pending.size() >= maxPending) {
        if (!fullReported) {
          fullReported = true;
          log.warn("Service {}: {} calls are waiting for their replies; refusing more until some are answered",
              service, maxPending);
        }
        return CompletableFuture.failedFuture(new PyrosException(ErrorCode.UNAVAILABLE, "service " + service + ": "
            + maxPending + " calls already wait for their replies (the most this client keeps); try again later"));
      }
      waiting.add(call);
      call.timeout = timer.schedule(() -> expire(call, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
      sendWaiting();
    }
    return call.result;
  }

  /** Under the lock: sends the waiting calls if a server is ready, else looks again shortly. */
  private void sendWaiting() {
    if (waiting.isEmpty() || closed) {
      return;
    }
    Optional<GuidPrefix> server = readyServer();
    if (server.isEmpty()) {
      if (!recheckScheduled) {
        recheckScheduled = true;
        timer.schedule(this::recheck, READY_RECHECK_MICROS, TimeUnit.MICROSECONDS);
      }
      return;
    }
    Form form = forms.isCyclone(server.get()) ? Form.CYCLONE_HEADER : Form.SAMPLE_IDENTITY;
    while (!waiting.isEmpty() && pending.size() < IN_FLIGHT) {
      send(waiting.remove(0), form);
    }
  }

  private void recheck() {
    synchronized (lock) {
      recheckScheduled = false;
      sendWaiting();
    }
  }

  /**
   * A server whose request reader our writer is matched with, whose reply writer our reader is
   * matched with, once every peer has acknowledged our endpoints (so that its reply writer knows
   * our reader too); the first by GUID when there are several.
   */
  private Optional<GuidPrefix> readyServer() {
    int writerMatches = writer.matchedReaders();
    int readerMatches = reader.matchedWriters();
    if (ready != null && writerMatches == readyWriterMatches && readerMatches == readyReaderMatches) {
      return Optional.of(ready);
    }
    ready = null;
    if (!participant.endpointsAnnounced()) {
      return Optional.empty();
    }
    var replyWriters = reader.matched();
    Optional<GuidPrefix> found = writer.matched().stream()
        .sorted(Comparator.comparing(Guid::toString))
        .map(Guid::prefix)
        .filter(p -> replyWriters.stream().anyMatch(w -> w.prefix().equals(p)))
        .findFirst();
    found.ifPresent(p -> {
      ready = p;
      readyWriterMatches = writerMatches;
      readyReaderMatches = readerMatches;
    });
    return found;
  }

  /** Under the lock: writes one request and files the call under the identity its reply will carry. */
  private void send(Call call, Form form) {
    try {
      if (form == Form.CYCLONE_HEADER) {
        long n = ++nextHeaderSequence;
        call.key = new Key(form, n);
        pending.put(call.key, call);
        writer.write(new CycloneRequestHeader(clientId, n).prepend(call.request));
      } else {
        // rmw_fastrtps_cpp names the reply reader; the reply names the request's sequence number
        long n = writer.write(call.request, new SampleIdentity(reader.guid(), SequenceNumbers.UNKNOWN).asRelatedQos());
        call.key = new Key(form, n);
        pending.put(call.key, call);
      }
    } catch (RuntimeException e) {
      if (call.key != null) {
        pending.remove(call.key);
      }
      fail(call, new PyrosException(ErrorCode.SYSTEM_FAILURE, "request to " + service + " not sent: " + e.getMessage(), e));
    }
  }

  /** A reply (receive thread): the call of its identity completes; others' replies are dropped. */
  private void onReply(Sample s) {
    Key key;
    ByteBuffer body;
    try {
      if (forms.isCyclone(s.writer().prefix())) {
        CycloneRequestHeader h = CycloneRequestHeader.read(s.payload());
        if (h.clientId() != clientId) {
          return;
        }
        key = new Key(Form.CYCLONE_HEADER, h.sequence());
        body = CycloneRequestHeader.strip(s.payload());
      } else {
        Optional<SampleIdentity> to = SampleIdentity.related(s.inlineQos(), false);
        if (to.isEmpty() || !(to.get().writer().equals(reader.guid()) || to.get().writer().equals(writer.guid()))) {
          return;
        }
        key = new Key(Form.SAMPLE_IDENTITY, to.get().sequence());
        body = s.payload();
      }
    } catch (MessageFormatException | RtpsFormatException e) {
      log.debug("Service {}: a reply from {} without a readable identity: {}", service, s.writer(), e.getMessage());
      return;
    }
    Call call;
    synchronized (lock) {
      call = pending.remove(key);
      if (call != null) {
        reportedRoom();
        sendWaiting();
      }
    }
    if (call == null) {
      return; // late (its call timed out) or for a call this client never made
    }
    call.timeout.cancel(false);
    try {
      Message response = responseCodec.decode(body);
      delivery.execute(() -> call.result.complete(response));
    } catch (MessageFormatException e) {
      log.warn("Service {}: an unreadable reply from {}: {}", service, s.writer(), e.getMessage());
      fail(call, new PyrosException(ErrorCode.BAD_MESSAGE, "reply of " + service + ": " + e.getMessage(), e));
    }
  }

  private void expire(Call call, Duration timeout) {
    boolean mine;
    synchronized (lock) {
      mine = waiting.remove(call) || (call.key != null && pending.remove(call.key, call));
      reportedRoom();
      sendWaiting();
    }
    if (mine) {
      String why = call.key == null ? "the request could not be sent (no server ready)" : "no reply";
      fail(call, new PyrosException(ErrorCode.TIMEOUT, "service " + service + ": " + why + " within " + timeout.toMillis()
          + " ms"));
    }
  }

  private void reportedRoom() {
    if (fullReported && waiting.size() + pending.size() < maxPending) {
      fullReported = false;
    }
  }

  private void fail(Call call, PyrosException e) {
    delivery.execute(() -> call.result.completeExceptionally(e));
  }

  /** Fails the calls still open with UNAVAILABLE and disposes the endpoints. */
  @Override
  public void close() {
    List<Call> open;
    synchronized (lock) {
      closed = true;
      open = new ArrayList<>(waiting);
      open.addAll(pending.values());
      waiting.clear();
      pending.clear();
    }
    for (Call c : open) {
      c.timeout.cancel(false);
      c.result.completeExceptionally(new PyrosException(ErrorCode.UNAVAILABLE, "the ROS 2 system closed during the call to "
          + service));
    }
    writer.close();
    reader.close();
  }

  /** A 64-bit id for the Cyclone header: the writer's GUID folded, unique among this service's clients. */
  private static long clientIdOf(Guid guid) {
    ByteBuffer b = ByteBuffer.wrap(guid.toBytes());
    long high = b.getLong();
    long low = b.getLong();
    return high * 0x9E3779B97F4A7C15L ^ low;
  }
}
