package org.pyros.samples.web;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pyros.cluster.ClusterConfig;
import org.pyros.cluster.PyrosCluster;

/**
 * A web worker: a cluster member in the client role (it never hosts the node) serving
 * {@link PyrosHttpApi} for the one Pyros node of the cluster. Start several, plus one node host
 * ({@code org.pyros.cluster.app.NodeHostMain}); see samples/README.md.
 *
 * <p>Cluster settings come from the environment as for every cluster member
 * ({@code PYROS_CLUSTER_PORT}, {@code PYROS_CLUSTER_SEEDS}, ...); the HTTP port from
 * {@code PYROS_WEB_PORT} or the first argument (default 8080, 0 = any free port). Prints
 * {@code LISTENING http://host:port} when it serves and {@code UP address} once it is a member.
 */
public final class WebWorkerMain {
  private WebWorkerMain() {}

  public static void main(String[] args) throws Exception {
    String portText = args.length > 0 ? args[0] : System.getenv().getOrDefault("PYROS_WEB_PORT", "8080");
    int port;
    try {
      port = Integer.parseInt(portText.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      System.err.println("WebWorkerMain: not a port: " + portText + " (usage: WebWorkerMain [PORT], or PYROS_WEB_PORT)");
      System.exit(2);
      return;
    }
    Config base = ConfigFactory.load("web-worker");
    Config config = ClusterConfig.load(System.getenv(), base, List.of(base.getString("pyros.cluster.client-role")));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), config.getString("pyros.cluster.system-name"), config);
    PyrosCluster cluster = PyrosCluster.client(system);
    PyrosHttpApi api = PyrosHttpApi.start(cluster.client(), "127.0.0.1", port);
    system.getWhenTerminated().thenRun(api::close);
    Runtime.getRuntime().addShutdownHook(new Thread(api::close, "pyros-http-shutdown"));
    org.apache.pekko.cluster.Cluster classic = org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system));
    classic.registerOnMemberUp(() -> line("UP " + classic.selfAddress()));
    line("LISTENING " + api.uri());
  }

  private static synchronized void line(String s) {
    System.out.println(s);
    System.out.flush();
  }
}
