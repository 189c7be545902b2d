package org.pyros.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.pyros.ros.master.EmbeddedMaster;
import org.pyros.ros.peer.RosPeer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web application on a random port, its Pyros node on Pyros's embedded ROS 1 master, and a
 * real rospy node that publishes the pose and serves the motors service; called over HTTP.
 */
@ExtendWith(RobotWebApplicationTest.RobotGraph.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class RobotWebApplicationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String ROBOT = """
      import rospy
      from geometry_msgs.msg import Pose2D
      from std_srvs.srv import SetBool, SetBoolResponse
      def motors(req):
          if not req.data:
              raise rospy.ServiceException("the robot refuses to stop its motors")
          return SetBoolResponse(True, "motors on")
      rospy.init_node("robot")
      rospy.Service("/robot/motors", SetBool, motors)
      pose = rospy.Publisher("/robot/pose", Pose2D, queue_size=10)
      print("ready", flush=True)
      rate = rospy.Rate(20)
      while not rospy.is_shutdown():
          pose.publish(Pose2D(1.5, -2.0, 0.25))
          rate.sleep()
      """;

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void pyros(DynamicPropertyRegistry registry) {
    registry.add("pyros.ros.master-uri", () -> RobotGraph.master.uri().toString());
    registry.add("pyros.ros.hostname", () -> "127.0.0.1");
  }

  /**
   * The embedded master and the rospy robot. Declared before {@code @SpringBootTest}, so it is
   * started before the application and stopped after it ({@code @DirtiesContext} closes the
   * application first): then the application's node must have unregistered from the master.
   */
  static final class RobotGraph implements BeforeAllCallback, AfterAllCallback {
    static EmbeddedMaster master;
    static RosPeer ros;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
      master = EmbeddedMaster.start();
      ros = RosPeer.forMaster(master.uri());
      ros.startPython(ROBOT).awaitOutput("ready", WAIT);
    }

    @Override
    public void afterAll(ExtensionContext context) {
      try {
        RosPeer.Result nodes = ros.run("rosnode", "list");
        assertThat(nodes.ok()).as(nodes.toString()).isTrue();
        assertThat(nodes.stdout()).contains("/robot").doesNotContain("/robot_web");
      } finally {
        ros.close();
        master.close();
      }
    }
  }

  @Test
  void thePoseTheRobotPublishesIsServedAsJson() {
    // The node subscribes on the first request; the pose comes with the next message.
    RosPeer.await("a pose from GET /robot/pose", WAIT, () -> get("/robot/pose").statusCode() == 200);
    HttpResponse<String> pose = get("/robot/pose");
    assertThat(pose.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(pose.body()).contains("\"x\":1.5").contains("\"y\":-2.0").contains("\"theta\":0.25");
  }

  @Test
  void theServiceAnswersAndItsFailureIsABadGateway() {
    HttpResponse<String> on = post("/robot/motors?on=true");
    assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
    assertThat(on.body()).contains("\"success\":true").contains("motors on");

    HttpResponse<String> off = post("/robot/motors?on=false");
    assertThat(off.statusCode()).as(off.body()).isEqualTo(502);
    assertThat(off.body()).contains("SERVICE_FAILED").contains("the robot refuses to stop its motors");
  }

  @Test
  void healthAndInfoShowTheNode() {
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(health.body()).contains("\"pyros\"").contains("\"status\":\"UP\"");
    HttpResponse<String> info = get("/actuator/info");
    assertThat(info.body()).contains("\"system\":\"ros1\"").contains("/robot_web");
  }

  private HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  private HttpResponse<String> post(String path) {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
