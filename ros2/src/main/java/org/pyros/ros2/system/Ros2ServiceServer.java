package org.pyros.ros2.system;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.system.Registration;
import org.pyros.core.system.ServiceHandler;
import org.pyros.ros2.cdr.CdrCodec;
import org.pyros.ros2.rtps.LocalReader;
import org.pyros.ros2.rtps.LocalWriter;
import org.pyros.ros2.rtps.Participant;
import org.pyros.ros2.rtps.endpoint.Sample;
import org.pyros.ros2.rtps.qos.History;
import org.pyros.ros2.rtps.wire.EntityId;
import org.pyros.ros2.rtps.wire.Guid;
import org.pyros.ros2.rtps.wire.GuidPrefix;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.RtpsFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one ROS 2 service: a request reader on {@code rq/<name>Request} and a reply
 * writer on {@code rr/<name>Reply}. Each request is answered in its caller's form: a Cyclone DDS
 * caller's reply carries its {@link CycloneRequestHeader} back, any other's names the request in
 * its {@link SampleIdentity} (the reader the request named, else its writer, and its sequence
 * number). A reply waits (briefly) until our writer knows the caller's reply reader, since a
 * volatile writer's sample is lost to a reader it does not know yet. ROS 2 has no error reply: a
 * handler's failure is logged and the caller times out.
 */
final class Ros2ServiceServer implements Registration {
  private static final Logger log = LoggerFactory.getLogger(Ros2ServiceServer.class);
  /** How long a reply waits for our writer to know the caller's reader. */
  private static final long MATCH_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final long MATCH_RECHECK_MICROS = 2_000;
  /**
   * The reply writer keeps this many replies for retransmission: every client of the service
   * gets every reply, so with ROS 2's depth of 10 a burst of replies to some clients could push
   * out a reply another client has not acknowledged yet. Depth plays no part in matching.
   */
  static final int REPLY_HISTORY = 256;

  /** Where one reply goes and what it carries to be recognised. */
  private record Caller(GuidPrefix participant, Guid replyReader, CycloneRequestHeader header, SampleIdentity identity) {
    ByteBuffer payload(ByteBuffer encoded) {
      return header != null ? header.prepend(encoded) : encoded;
    }

    ParameterList inlineQos() {
      return identity != null ? identity.asRelatedQos() : ParameterList.EMPTY;
    }
  }

  private record Reply(Caller caller, ByteBuffer payload, long deadline) {}

  private final String service;
  private final CdrCodec requestCodec;
  private final CdrCodec responseCodec;
  private final ServiceHandler handler;
  private final RequestForms forms;
  private final ScheduledExecutorService timer;
  private final Executor delivery;
  private final int maxInFlight;
  private final LocalReader reader;
  private final LocalWriter writer;
  private final Runnable onCancel;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object lock = new Object();
  // Guarded by lock.
  private final List<Reply> unmatched = new ArrayList<>();
  private boolean recheckScheduled;
  private boolean closed;

  Ros2ServiceServer(String service, String requestTopic, String replyTopic, String requestType, String replyType,
      CdrCodec requestCodec, CdrCodec responseCodec, ServiceHandler handler, Participant participant,
      RequestForms forms, ScheduledExecutorService timer, Executor delivery, int maxInFlight, Runnable onCancel) {
    this.service = service;
    this.requestCodec = requestCodec;
    this.responseCodec = responseCodec;
    this.handler = handler;
    this.forms = forms;
    this.timer = timer;
    this.delivery = delivery;
    this.maxInFlight = maxInFlight;
    this.onCancel = onCancel;
    this.writer = participant.createWriter(replyTopic, replyType,
        QosProfiles.named("services").withHistory(History.keepLast(REPLY_HISTORY)));
    this.reader = participant.createReader(requestTopic, requestType, QosProfiles.named("services"), this::onRequest);
  }

  LocalWriter writer() {
    return writer;
  }

  LocalReader reader() {
    return reader;
  }

  /** A request (receive thread): decoded here, handled on the delivery threads. */
  private void onRequest(Sample s) {
    Caller caller;
    Message request;
    try {
      GuidPrefix from = s.writer().prefix();
      if (forms.isCyclone(from)) {
        caller = new Caller(from, null, CycloneRequestHeader.read(s.payload()), null);
        request = requestCodec.decode(CycloneRequestHeader.strip(s.payload()));
      } else {
        Optional<Guid> named = SampleIdentity.related(s.inlineQos(), false).map(SampleIdentity::writer)
            .filter(g -> !g.entityId().equals(EntityId.UNKNOWN));
        Guid target = named.orElse(s.writer());
        caller = new Caller(from, named.orElse(null), null, new SampleIdentity(target, s.sequenceNumber()));
        request = requestCodec.decode(s.payload());
      }
    } catch (MessageFormatException | RtpsFormatException e) {
      log.warn("Service {}: dropped an unreadable request from {}: {}", service, s.writer(), e.getMessage());
      return;
    }
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      log.warn("Service {}: {} requests are being handled; dropped one from {} (it times out)", service, maxInFlight,
          s.writer());
      return;
    }
    delivery.execute(() -> handle(caller, request));
  }

  private void handle(Caller caller, Message request) {
    CompletionStage<Message> answer;
    try {
      answer = handler.handle(request);
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      log.warn("Service {}: the handler failed; ROS 2 has no error reply, the caller times out", service, e);
      return;
    }
    answer.whenComplete((response, error) -> {
      inFlight.decrementAndGet();
      if (error != null) {
        log.warn("Service {}: the handler failed ({}); ROS 2 has no error reply, the caller times out", service,
            error.getMessage());
        return;
      }
      ByteBuffer encoded;
      try {
        encoded = responseCodec.encode(response);
      } catch (MessageFormatException | ClassCastException | NullPointerException e) {
        log.warn("Service {}: the handler's response does not fit the type: {}", service, e.getMessage());
        return;
      }
      reply(new Reply(caller, caller.payload(encoded), System.nanoTime() + MATCH_WAIT_NANOS));
    });
  }

  private void reply(Reply r) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (knowsReader(r.caller())) {
        write(r);
      } else {
        unmatched.add(r);
        scheduleRecheck();
      }
    }
  }

  /** Under the lock: writes the replies whose readers are known now; drops those past their wait. */
  private void recheck() {
    synchronized (lock) {
      recheckScheduled = false;
      long now = System.nanoTime();
      for (var it = unmatched.iterator(); it.hasNext(); ) {
        Reply r = it.next();
        if (knowsReader(r.caller())) {
          it.remove();
          write(r);
        } else if (now - r.deadline() > 0) {
          it.remove();
          log.warn("Service {}: the caller {}'s reply reader never matched; its reply is dropped", service,
              r.caller().participant());
        }
      }
      if (!unmatched.isEmpty()) {
        scheduleRecheck();
      }
    }
  }

  private void scheduleRecheck() {
    if (!recheckScheduled && !closed) {
      recheckScheduled = true;
      timer.schedule(this::recheck, MATCH_RECHECK_MICROS, TimeUnit.MICROSECONDS);
    }
  }

  private boolean knowsReader(Caller c) {
    var readers = writer.matched();
    return c.replyReader() != null ? readers.contains(c.replyReader())
        : readers.stream().anyMatch(g -> g.prefix().equals(c.participant()));
  }

  private void write(Reply r) {
    try {
      writer.write(r.payload(), r.caller().inlineQos());
    } catch (RuntimeException e) {
      log.warn("Service {}: reply not sent: {}", service, e.getMessage());
    }
  }

  /** Stops serving: the endpoints are disposed, replies not yet sent are dropped. */
  @Override
  public void cancel() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      unmatched.clear();
    }
    reader.close();
    writer.close();
    onCancel.run();
  }
}
