package org.pyros.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.pyros.ros.peer.RosPeer;
import org.pyros.spring.actuate.PyrosActuatorAutoConfiguration;
import org.pyros.spring.actuate.PyrosHealthIndicator;
import org.pyros.spring.node.RunningPyros;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code system: cluster}: a member alone that hosts the node on an in-memory graph. */
class ClusterMemberTest {
  @Test
  void aHostingMemberAloneIsHealthyOnceItHostsTheNodeAndLeavesOnClose() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    AtomicReference<RunningPyros> started = new AtomicReference<>();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PyrosAutoConfiguration.class, PyrosActuatorAutoConfiguration.class))
        .withPropertyValues("pyros.system=cluster", "pyros.cluster.graph=in-memory", "pyros.cluster.hostname=127.0.0.1",
            "pyros.cluster.port=" + port, "pyros.config[pyros.cluster.request-link.enabled]=off")
        .run(context -> {
          assertThat(context).hasNotFailed();
          started.set(context.getBean(RunningPyros.class));
          PyrosHealthIndicator health = context.getBean(PyrosHealthIndicator.class);
          RosPeer.await("the cluster member hosts the node", Duration.ofSeconds(30),
              () -> health.health().getStatus().equals(Status.UP));
        });
    assertThat(started.get().actors().whenTerminated().isCompleted()).isTrue();
  }
}
