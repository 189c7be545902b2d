package org.pyros.ros.master;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.pyros.ros.xmlrpc.XmlRpcClient;
import org.pyros.ros.xmlrpc.XmlRpcLimits;
import org.pyros.ros.xmlrpc.XmlRpcServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ROS1 master (Master API and Parameter Server API) running in this JVM, so that a ROS graph
 * works with no ROS installed. It behaves like {@code rosmaster}: rospy, roscpp and the ROS
 * command-line tools use it as their ROS_MASTER_URI. It sets the parameters roscore sets
 * ({@code /run_id}, {@code /rosdistro}, {@code /rosversion}) and tells nodes about new publishers
 * and changed parameters in the background.
 *
 * <pre>{@code
 * try (EmbeddedMaster master = EmbeddedMaster.start()) {
 *   URI uri = master.uri(); // e.g. http://127.0.0.1:40123/
 * }
 * }</pre>
 */
public final class EmbeddedMaster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedMaster.class);

  /** The port rosmaster uses when none is given. */
  public static final int DEFAULT_PORT = 11311;

  private final XmlRpcServer server;
  private final NodeNotifier notifier;
  private final String runId;

  private EmbeddedMaster(Builder b) throws IOException {
    long start = System.nanoTime();
    this.server = XmlRpcServer.builder()
        .host(b.host)
        .advertisedHost(b.advertisedHost)
        .port(b.port)
        .threads(b.threads)
        .start();
    this.notifier = new NodeNotifier(
        new XmlRpcClient(b.nodeCallTimeout, b.nodeCallTimeout, XmlRpcLimits.DEFAULT),
        b.nodeCallTimeout, b.maxPendingPerNode, b.maxNodesPending);
    this.runId = UUID.randomUUID().toString();
    MasterApi api = new MasterApi(server.uri().toString(), notifier);
    // Parameters first, methods second: no client can see the master without /run_id.
    api.setParamAsMaster("/run_id", runId);
    api.setParamAsMaster("/rosdistro", b.rosdistro + "\n");
    api.setParamAsMaster("/rosversion", b.rosversion + "\n");
    api.serveOn(server);
    log.info("ROS master on {} (run_id {}) started in {} ms", server.uri(), runId,
        (System.nanoTime() - start) / 1_000_000);
  }

  /** Starts a master on 127.0.0.1 and a free port. */
  public static EmbeddedMaster start() throws IOException {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The master's XML-RPC URI, {@code http://host:port/}: the nodes' ROS_MASTER_URI. */
  public URI uri() {
    return server.uri();
  }

  /** The bound port. */
  public int port() {
    return server.address().getPort();
  }

  /** The {@code /run_id} set at start (a random UUID). */
  public String runId() {
    return runId;
  }

  /** Calls to nodes (publisherUpdate, paramUpdate, shutdown) queued and not yet sent. */
  public int pendingNotifications() {
    return notifier.pending();
  }

  /** Stops serving and drops notifications not yet sent. */
  @Override
  public void close() {
    server.close();
    notifier.close();
    log.info("ROS master on {} stopped", server.uri());
  }

  /** Settings of an {@link EmbeddedMaster}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private String advertisedHost;
    private int port;
    private int threads = 4;
    private String rosdistro = envOr("ROS_DISTRO", "noetic");
    private String rosversion = "1.15.15";
    private Duration nodeCallTimeout = Duration.ofSeconds(5);
    private int maxPendingPerNode = 1024;
    private int maxNodesPending = 4096;

    private Builder() {}

    /** Address to bind (default 127.0.0.1; "0.0.0.0" for every interface). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** Host put in the master's URI instead of the bind address (like ROS_HOSTNAME). */
    public Builder advertisedHost(String advertisedHost) {
      this.advertisedHost = advertisedHost;
      return this;
    }

    /** Port to bind; 0 (default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** Threads serving XML-RPC requests (default 4). */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** The {@code /rosdistro} value (default $ROS_DISTRO or "noetic"; roscore adds a newline). */
    public Builder rosdistro(String rosdistro) {
      this.rosdistro = Objects.requireNonNull(rosdistro);
      return this;
    }

    /** The {@code /rosversion} value (default the ros_comm version we follow, 1.15.15). */
    public Builder rosversion(String rosversion) {
      this.rosversion = Objects.requireNonNull(rosversion);
      return this;
    }

    /** How long a node has to answer publisherUpdate/paramUpdate/shutdown (default 5 s). */
    public Builder nodeCallTimeout(Duration timeout) {
      this.nodeCallTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Bounds of the notification queues: calls pending per node, and nodes with calls pending. */
    public Builder notificationLimits(int maxPendingPerNode, int maxNodesPending) {
      if (maxPendingPerNode < 1 || maxNodesPending < 1) {
        throw new IllegalArgumentException("notification limits must be positive");
      }
      this.maxPendingPerNode = maxPendingPerNode;
      this.maxNodesPending = maxNodesPending;
      return this;
    }

    /** Binds and starts the master. */
    public EmbeddedMaster start() throws IOException {
      return new EmbeddedMaster(this);
    }

    private static String envOr(String name, String fallback) {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? fallback : v.trim();
    }
  }
}
