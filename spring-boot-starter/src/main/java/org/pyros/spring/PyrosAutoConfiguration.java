package org.pyros.spring;

import com.typesafe.config.ConfigFactory;
import org.pyros.core.client.PyrosClient;
import org.pyros.gateway.Gateway;
import org.pyros.spring.config.PropertiesConfig;
import org.pyros.spring.config.PyrosProperties;
import org.pyros.spring.node.PyrosStart;
import org.pyros.spring.node.RunningPyros;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Pyros node for a Spring Boot application: {@link RunningPyros} started from the {@code
 * pyros.*} properties, its {@link PyrosClient}, the {@link PyrosLifecycle} that stops it, its
 * meters as a {@code MeterBinder}, and the gateway when {@code pyros.gateway.enabled} and
 * pyros-gateway is on the class path.
 */
@AutoConfiguration
@EnableConfigurationProperties(PyrosProperties.class)
public class PyrosAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(PyrosAutoConfiguration.class);

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public RunningPyros runningPyros(PyrosProperties properties) {
    RunningPyros pyros = PyrosStart.start(properties, PropertiesConfig.of(properties, ConfigFactory.load()));
    log.info("Pyros node started on {}", pyros.description());
    return pyros;
  }

  @Bean
  @ConditionalOnMissingBean
  public PyrosClient pyrosClient(RunningPyros pyros) {
    return pyros.client();
  }

  @Bean
  public PyrosLifecycle pyrosLifecycle(RunningPyros pyros) {
    return new PyrosLifecycle(pyros);
  }

  /** The node's meters, which Spring Boot binds to its MeterRegistry (Actuator's /actuator/metrics shows them). */
  @Bean
  @ConditionalOnMissingBean(name = "pyrosMetrics")
  public io.micrometer.core.instrument.binder.MeterBinder pyrosMetrics(RunningPyros pyros) {
    return pyros.metrics();
  }

  /** The rosbridge / Foxglove / HTTP gateway, listening on pyros.gateway.host and port. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Gateway.class)
  @ConditionalOnBooleanProperty("pyros.gateway.enabled")
  static class GatewayConfiguration {
    @Bean(destroyMethod = "stop")
    @ConditionalOnMissingBean
    PyrosGatewayLifecycle pyrosGateway(RunningPyros pyros) {
      return PyrosGatewayLifecycle.start(pyros);
    }
  }
}
