package org.pyros.samples.spring;

import java.util.concurrent.CompletionStage;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.msg.MessageJson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /robot/pose}: the latest pose the robot published, as JSON (404 before the first);
 * {@code POST /robot/motors?on=true|false}: calls the robot's std_srvs/SetBool service and
 * answers its response. Failed requests are answered by {@link PyrosErrors}.
 */
@RestController
@RequestMapping(path = "/robot", produces = MediaType.APPLICATION_JSON_VALUE)
public class RobotController {
  private final PyrosClient pyros;
  private final String poseTopic;
  private final String motorsService;

  public RobotController(PyrosClient pyros, @Value("${robot.pose-topic}") String poseTopic,
      @Value("${robot.motors-service}") String motorsService) {
    this.pyros = pyros;
    this.poseTopic = poseTopic;
    this.motorsService = motorsService;
  }

  @GetMapping("/pose")
  public CompletionStage<ResponseEntity<String>> pose() {
    return pyros.latest(poseTopic).thenApply(latest -> latest
        .map(m -> ResponseEntity.ok(MessageJson.toJsonString(m)))
        .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
            .body(PyrosErrors.body("NO_MESSAGE", "no pose on " + poseTopic + " yet"))));
  }

  @PostMapping("/motors")
  public CompletionStage<ResponseEntity<String>> motors(@RequestParam("on") boolean on) {
    return pyros.callJson(motorsService, "{\"data\": " + on + "}")
        .thenApply(response -> ResponseEntity.ok(MessageJson.toJsonString(response)));
  }
}
