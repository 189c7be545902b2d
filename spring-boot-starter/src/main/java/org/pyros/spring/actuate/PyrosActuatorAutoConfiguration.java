package org.pyros.spring.actuate;

import org.pyros.spring.PyrosAutoConfiguration;
import org.pyros.spring.node.RunningPyros;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node in Actuator: a {@code pyros} health indicator (spring-boot-health on the class path)
 * and info contributor (spring-boot-actuator on the class path).
 */
@AutoConfiguration(after = PyrosAutoConfiguration.class)
@ConditionalOnBean(RunningPyros.class)
public class PyrosActuatorAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "pyrosHealthIndicator")
    PyrosHealthIndicator pyrosHealthIndicator(RunningPyros pyros) {
      return new PyrosHealthIndicator(pyros, HEALTH_TIMEOUT);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
  static class Info {
    @Bean
    @ConditionalOnMissingBean(name = "pyrosInfoContributor")
    PyrosInfoContributor pyrosInfoContributor(RunningPyros pyros) {
      return new PyrosInfoContributor(pyros);
    }
  }

  /** A health check answers well within an HTTP probe's usual timeout. */
  static final java.time.Duration HEALTH_TIMEOUT = java.time.Duration.ofSeconds(3);
}
