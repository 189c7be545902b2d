package org.pyros.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.msg.Message;
import org.pyros.spring.actuate.PyrosActuatorAutoConfiguration;
import org.pyros.spring.actuate.PyrosHealthIndicator;
import org.pyros.spring.node.RunningPyros;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter's beans, health and info in a plain application context, on an in-memory graph. */
class PyrosAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PyrosAutoConfiguration.class, PyrosActuatorAutoConfiguration.class));

  @Test
  void inMemoryGivesAWorkingClientHealthUpAndInfoAndCloseStopsTheNode() {
    AtomicReference<RunningPyros> started = new AtomicReference<>();
    runner.withPropertyValues("pyros.system=in-memory", "pyros.expose.topics=/chatter,/other", "pyros.ask-timeout=3s")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(PyrosClient.class).hasSingleBean(PyrosLifecycle.class)
              .hasSingleBean(PyrosHealthIndicator.class).doesNotHaveBean(PyrosGatewayLifecycle.class);
          RunningPyros pyros = context.getBean(RunningPyros.class);
          started.set(pyros);
          PyrosClient client = context.getBean(PyrosClient.class);
          assertThat(client).isSameAs(pyros.client());

          Message hello = Message.builder(client.messageType("std_msgs/String").toCompletableFuture().get(5, TimeUnit.SECONDS))
              .set("data", "hello").build();
          client.publish("/chatter", hello).toCompletableFuture().get(5, TimeUnit.SECONDS);
          Optional<Message> latest = client.latest("/chatter").toCompletableFuture().get(5, TimeUnit.SECONDS);
          assertThat(latest).map(m -> m.getString("data")).contains("hello");

          // The MeterBinder bean shows the node's meters in a registry, as Spring Boot's binding does.
          io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
          context.getBean("pyrosMetrics", io.micrometer.core.instrument.binder.MeterBinder.class).bindTo(registry);
          assertThat(registry.get("pyros.topic.messages").tags("topic", "/chatter", "direction", "out").functionCounter().count())
              .isEqualTo(1.0);

          assertThat(context.getBean(PyrosHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
          Info.Builder info = new Info.Builder();
          context.getBean("pyrosInfoContributor", InfoContributor.class).contribute(info);
          @SuppressWarnings("unchecked")
          Map<String, Object> details = (Map<String, Object>) info.build().getDetails().get("pyros");
          assertThat(details).containsEntry("system", "in-memory").containsEntry("version", "0.1.0-SNAPSHOT")
              .containsKey("exposure");
          assertThat(details.get("exposure").toString()).contains("/chatter");
          assertThat(pyros.isUp()).isTrue();
        });
    RunningPyros pyros = started.get();
    assertThat(pyros.isUp()).isFalse();
    assertThat(pyros.actors().whenTerminated().isCompleted()).isTrue();
  }

  @Test
  void aMissingSystemFailsWithTheNameOfTheProperty() {
    runner.run(context -> assertThat(context).hasFailed().getFailure().rootCause()
        .hasMessageContaining("pyros.system is not set: give one of ros1, ros2, in-memory, cluster"));
  }

  @Test
  void anUnknownSystemFailsWithTheNameOfTheProperty() {
    runner.withPropertyValues("pyros.system=ros3").run(context -> assertThat(context).hasFailed().getFailure()
        .hasStackTraceContaining("Failed to bind properties under 'pyros.system'").hasStackTraceContaining("[ros3]"));
  }

  @Test
  void aBadExposurePatternFailsTheStartWithItsReason() {
    runner.withPropertyValues("pyros.system=in-memory", "pyros.expose.topics=re:[").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("["));
  }

  @Test
  void aMasterThatDoesNotAnswerIsHealthDown() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    runner.withPropertyValues("pyros.system=ros1", "pyros.ros.master-uri=http://127.0.0.1:" + closed,
            "pyros.node-name=/starter_test", "pyros.ready-timeout=300ms",
            // Pyros's own keys under pyros.config: a refused master is not waited for long.
            "pyros.config[pyros.ros.master-timeout]=1s")
        .run(context -> {
          assertThat(context).hasNotFailed();
          var health = context.getBean(PyrosHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.getDetails().get("reason").toString()).contains("the ROS master at http://127.0.0.1:" + closed);
        });
  }

  @Test
  void theGatewayListensWhenEnabled() {
    runner.withPropertyValues("pyros.system=in-memory", "pyros.gateway.enabled=true", "pyros.gateway.port=0",
            "pyros.expose.topics=/**")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(PyrosGatewayLifecycle.class);
          URI topics = context.getBean(PyrosGatewayLifecycle.class).gateway().httpUri().resolve("/api/topics");
          HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(topics).GET().build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);

          // Its connection meters are among the node's, where the MeterBinder bean shows them.
          io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
          context.getBean("pyrosMetrics", io.micrometer.core.instrument.binder.MeterBinder.class).bindTo(registry);
          assertThat(registry.get("pyros.gateway.connections").tags("protocol", "rosbridge").gauge().value()).isEqualTo(0.0);
        });
  }
}
