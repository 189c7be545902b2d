package org.pyros.ros.master;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.pyros.ros.xmlrpc.XmlRpcClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the master's calls to nodes (publisherUpdate, paramUpdate, shutdown) in the background,
 * so that no master handler waits for a node.
 *
 * <p>Calls to one node API go out one at a time, in order, like rosmaster's per-node marked
 * thread pool: a node never sees an older publisher list after a newer one. A pending call is
 * replaced by a newer one with the same key (the same topic or parameter): both carry the full
 * state, so only the latest matters. Each node's queue holds at most {@code maxPendingPerNode}
 * calls and at most {@code maxNodes} nodes have calls pending; beyond that a call is dropped with
 * a log line. A node that does not answer in time is logged and the next call is sent.
 */
final class NodeNotifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeNotifier.class);
  static final String MASTER_CALLER_ID = "/master";

  private record Call(String method, List<Object> params, Consumer<Object> onResult) {}

  private static final class Outbox {
    final LinkedHashMap<String, Call> pending = new LinkedHashMap<>();
    boolean sending;
  }

  private final XmlRpcClient client;
  private final Duration timeout;
  private final int maxPendingPerNode;
  private final int maxNodes;
  private final Map<String, Outbox> outboxes = new HashMap<>();
  private boolean closed;

  NodeNotifier(XmlRpcClient client, Duration timeout, int maxPendingPerNode, int maxNodes) {
    this.client = client;
    this.timeout = timeout;
    this.maxPendingPerNode = maxPendingPerNode;
    this.maxNodes = maxNodes;
  }

  void publisherUpdate(String api, String topic, List<String> publisherApis) {
    send(api, "topic:" + topic, "publisherUpdate", List.of(MASTER_CALLER_ID, topic, List.copyOf(publisherApis)), null);
  }

  /** {@code onResult} gets the node's answer (a ROS triple) when it answers. */
  void paramUpdate(String api, String key, Object value, Consumer<Object> onResult) {
    send(api, "param:" + key, "paramUpdate", List.of(MASTER_CALLER_ID, key, value), onResult);
  }

  void shutdown(String api, String reason) {
    send(api, "shutdown", "shutdown", List.of(MASTER_CALLER_ID, reason), null);
  }

  /** Calls still waiting to be sent, over all nodes (for tests and diagnostics). */
  synchronized int pending() {
    int n = 0;
    for (Outbox o : outboxes.values()) {
      n += o.pending.size();
    }
    return n;
  }

  private void send(String api, String key, String method, List<Object> params, Consumer<Object> onResult) {
    URI uri;
    try {
      uri = URI.create(api);
    } catch (IllegalArgumentException e) {
      log.warn("{} not sent: node API '{}' is not a URI", method, api);
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      Outbox box = outboxes.get(api);
      if (box == null) {
        if (outboxes.size() >= maxNodes) {
          log.warn("{} to {} dropped: calls are pending for {} nodes already", method, api, maxNodes);
          return;
        }
        box = new Outbox();
        outboxes.put(api, box);
      }
      if (!box.pending.containsKey(key) && box.pending.size() >= maxPendingPerNode) {
        log.warn("{} to {} dropped: {} calls already pending for that node", method, api, maxPendingPerNode);
        return;
      }
      box.pending.remove(key); // the newer call goes to the end, after calls queued before it
      box.pending.put(key, new Call(method, params, onResult));
      if (box.sending) {
        return;
      }
      box.sending = true;
    }
    sendNext(api, uri);
  }

  private void sendNext(String api, URI uri) {
    Call call;
    synchronized (this) {
      Outbox box = outboxes.get(api);
      if (box == null) {
        return;
      }
      Iterator<Call> it = box.pending.values().iterator();
      if (closed || !it.hasNext()) {
        outboxes.remove(api);
        return;
      }
      call = it.next();
      it.remove();
    }
    long start = System.nanoTime();
    client.call(uri, call.method(), call.params(), timeout).whenComplete((result, error) -> {
      if (error != null) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        log.warn("node at {} did not answer {}({}) after {} ms: {}", api, call.method(), call.params().get(1),
            (System.nanoTime() - start) / 1_000_000, cause.getMessage());
      } else {
        log.debug("{}({}) -> {}: {}", call.method(), call.params().get(1), api, result);
        if (call.onResult() != null) {
          try {
            call.onResult().accept(result);
          } catch (RuntimeException e) {
            log.warn("handling the answer of {} to {} failed", api, call.method(), e);
          }
        }
      }
      sendNext(api, uri);
    });
  }

  @Override
  public synchronized void close() {
    closed = true;
    outboxes.clear();
  }
}
