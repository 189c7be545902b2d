package org.pyros.cli;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.ros.master.MasterClient;
import org.pyros.ros.master.SystemState;
import org.pyros.ros.master.TopicAndType;
import org.pyros.ros.tcpros.ConnectionHeader;
import org.pyros.ros.tcpros.ServiceClient;
import org.pyros.ros.xmlrpc.XmlRpcClient;
import org.pyros.ros.xmlrpc.XmlRpcLimits;

/**
 * A ROS 1 command's line to the master, checked reachable when opened. The commands that only
 * read the graph or the parameter server ask it directly and start no node, as {@code rostopic
 * list}, {@code rosnode} and {@code rosparam} do; a node ({@link RosConnection}) asks it too, to
 * know what to wait for.
 */
final class MasterConnection {
  static final Duration MASTER_CHECK = Duration.ofSeconds(3);

  private final MasterClient master;

  private MasterConnection(MasterClient master) {
    this.master = master;
  }

  /** The master at {@code uri}, asked as {@code callerId}; a clear failure when it does not answer. */
  static MasterConnection open(URI uri, String callerId) {
    MasterClient master = new MasterClient(uri, callerId, new XmlRpcClient(MASTER_CHECK, MASTER_CHECK, XmlRpcLimits.DEFAULT));
    try {
      master.getUri().toCompletableFuture().get(MASTER_CHECK.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable why = e instanceof ExecutionException ? e.getCause() : e;
      throw new CliFailure("cannot reach the ROS master at " + uri + " (" + reason(why)
          + "); start one with 'pyros master' or set ROS_MASTER_URI / --master", why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted", e);
    }
    return new MasterConnection(master);
  }

  MasterClient client() {
    return master;
  }

  /** "the ROS master at URI", for messages. */
  String where() {
    return "the ROS master at " + master.masterUri();
  }

  /** The graph as the master sees it now. */
  MasterGraph graph() {
    SystemState state = GraphConnection.await(master.getSystemState());
    List<String> params = GraphConnection.await(master.getParamNames());
    return new MasterGraph(topics(state), state.services().keySet(), Set.copyOf(params));
  }

  /** The live topics with their types, as {@code rostopic list -v} asks for them. */
  Map<String, String> topics() {
    return topics(GraphConnection.await(master.getSystemState()));
  }

  private Map<String, String> topics(SystemState state) {
    List<TopicAndType> types = GraphConnection.await(master.getTopicTypes());
    // The master keeps the types of topics nobody uses any more: only live topics count.
    Set<String> live = new HashSet<>(state.publishers().keySet());
    live.addAll(state.subscribers().keySet());
    Map<String, String> topics = new HashMap<>();
    for (TopicAndType t : types) {
      if (live.contains(t.topic()) && !t.type().equals("*")) {
        topics.put(t.topic(), t.type());
      }
    }
    return topics;
  }

  /** The nodes the master knows, by name. */
  Map<String, NodeInfo> nodes() {
    return new TreeMap<>(GraphConnection.await(master.getSystemState()).nodes());
  }

  /**
   * The services with their types, each server asked at once for its connection header (as
   * {@code rosservice info} does); a service whose server does not answer within {@code timeout}
   * has the type "".
   */
  List<ServiceInfo> services(String callerId, Duration timeout) {
    Set<String> names = GraphConnection.await(master.getSystemState()).services().keySet();
    List<CompletableFuture<ServiceInfo>> probes = new ArrayList<>();
    for (String name : names) {
      probes.add(master.lookupService(name)
          .thenCompose(uri -> ServiceClient.probe(callerId, name, new InetSocketAddress(uri.getHost(), uri.getPort()), timeout))
          .thenApply(header -> new ServiceInfo(name, header.getOrDefault(ConnectionHeader.TYPE, "")))
          .exceptionally(e -> new ServiceInfo(name, ""))
          .toCompletableFuture());
    }
    return probes.stream().map(CompletableFuture::join).toList();
  }

  /** A parameter's value, empty when it is not set. */
  Optional<Object> param(String name) {
    try {
      return Optional.of(GraphConnection.await(master.getParam(name)));
    } catch (PyrosException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** What the master knows, to wait for the node to know it too. */
  record MasterGraph(Map<String, String> topics, Set<String> services, Set<String> params) {}

  /** Why the master did not answer, in words: the socket's exceptions often have no message. */
  private static String reason(Throwable e) {
    String first = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (t instanceof java.net.SocketTimeoutException || t instanceof TimeoutException) {
        return "no answer within " + MASTER_CHECK.toSeconds() + " s";
      }
      if (t instanceof java.net.UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
      if (first == null && t.getMessage() != null && !t.getMessage().isBlank()) {
        first = t.getMessage();
      }
    }
    return PyrosCli.oneLine(first != null ? first : e.getClass().getSimpleName());
  }
}
