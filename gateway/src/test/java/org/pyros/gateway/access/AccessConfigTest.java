package org.pyros.gateway.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens from config (inline, environment, file), anonymous access, and the origin policy. */
class AccessConfigTest {
  @TempDir
  Path dir;

  private static Config config(String text) {
    return ConfigFactory.parseString(text).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void noTokensIsOpenToEverything() {
    Access access = Access.fromConfig(config(""));
    assertTrue(access.isOpen());
    assertTrue(access.anonymous().orElseThrow().isEverything());
  }

  @Test
  void tokensComeInlineFromTheEnvironmentOrFromAFileEachWithItsGrant() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "from-a-file\n");
    Access access = Access.fromConfig(config("""
        pyros.gateway.access.tokens = [
          { name = inline, token = "inline-secret", expose { topics = ["/robot/**"] } },
          { name = env, token-env = DASHBOARD_TOKEN, expose { publish = ["/cmd_vel"] } },
          { name = file, token-file = "%s" }
        ]
        pyros.gateway.access.anonymous { topics = ["/status"] }
        """.formatted(file)), Map.of("DASHBOARD_TOKEN", "from-the-env")::get);
    assertFalse(access.isOpen());
    Grant inline = access.byToken("inline-secret").orElseThrow();
    assertEquals("inline", inline.client());
    assertTrue(inline.topics().allows("/robot/pose"));
    assertFalse(inline.publish().allows("/robot/pose"));
    assertTrue(access.byToken("from-the-env").orElseThrow().publish().allows("/cmd_vel"));
    Grant fromFile = access.byToken("from-a-file").orElseThrow();
    assertFalse(fromFile.topics().allows("/anything"), "a token without expose reaches nothing");
    assertTrue(access.byToken("inline-secre").isEmpty());
    assertTrue(access.byToken("").isEmpty());
    assertTrue(access.anonymous().orElseThrow().topics().allows("/status"));
  }

  @Test
  void aMissingSecretFailsAtStartWithTheTokensName() {
    ConfigException e = assertThrows(ConfigException.class, () -> Access.fromConfig(config(
        "pyros.gateway.access.tokens = [ { name = ops, token-env = NOT_SET_ANYWHERE } ]"), name -> null));
    assertTrue(e.getMessage().contains("ops") && e.getMessage().contains("NOT_SET_ANYWHERE"), e.getMessage());
    assertTrue(Access.fromConfig(config("pyros.gateway.access.tokens = [ { name = a, token = x } ]")).anonymous().isEmpty(),
        "with tokens and no anonymous block, clients without a token are refused");
  }

  @Test
  void originsSameOriginAndLocalhostOnALoopbackBindTheConfiguredOnesOrAll() {
    OriginPolicy loopback = OriginPolicy.of(List.of(), "127.0.0.1");
    assertTrue(loopback.allows("http://127.0.0.1:9090", "127.0.0.1:9090"));
    assertTrue(loopback.allows("http://localhost:3000", "127.0.0.1:9090"));
    assertFalse(loopback.allows("https://evil.example", "127.0.0.1:9090"));
    assertFalse(loopback.allows("null", "127.0.0.1:9090"));
    assertFalse(loopback.allows("http://localhost.evil.example", "127.0.0.1:9090"));

    OriginPolicy lan = OriginPolicy.of(List.of("https://ops.example.com"), "0.0.0.0");
    assertTrue(lan.allows("http://robot.lan:9090", "robot.lan:9090"));
    assertFalse(lan.allows("http://localhost:3000", "robot.lan:9090"));
    assertTrue(lan.allows("https://ops.example.com", "robot.lan:9090"));
    assertTrue(OriginPolicy.of(List.of("*"), "0.0.0.0").allows("https://evil.example", "robot.lan:9090"));
  }
}
