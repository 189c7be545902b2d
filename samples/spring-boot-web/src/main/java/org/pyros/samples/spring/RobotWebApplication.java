package org.pyros.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot web back end in front of a robot: {@link RobotController} reads the robot's
 * latest pose and switches its motors through the {@code PyrosClient} bean of
 * pyros-spring-boot-starter (configured in {@code application.yml}).
 */
@SpringBootApplication
public class RobotWebApplication {
  public static void main(String[] args) {
    SpringApplication.run(RobotWebApplication.class, args);
  }
}
