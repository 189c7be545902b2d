package org.pyros.ros.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pyros.core.error.ErrorCode;
import org.pyros.ros.xmlrpc.XmlRpcFormatException;

class RosResultTest {
  @Test
  void successGivesTheValue() {
    assertEquals(List.of("/a"), RosResult.value("m", List.of(1, "ok", List.of("/a")), ErrorCode.NOT_FOUND));
  }

  @Test
  void failureAndErrorCarryCodeAndMessage() {
    RosApiException failure = assertThrows(RosApiException.class,
        () -> RosResult.value("registerPublisher", List.of(0, "refused", 0), ErrorCode.SYSTEM_FAILURE));
    assertEquals(0, failure.statusCode());
    assertEquals("refused", failure.statusMessage());
    assertEquals("registerPublisher", failure.method());
    assertEquals(ErrorCode.SYSTEM_FAILURE, failure.code());

    RosApiException error = assertThrows(RosApiException.class,
        () -> RosResult.value("getParam", List.of(-1, "Parameter [/x] is not set", 0), ErrorCode.NOT_FOUND));
    assertEquals(-1, error.statusCode());
    assertEquals(ErrorCode.NOT_FOUND, error.code());
  }

  @Test
  void somethingElseIsAFormatError() {
    assertThrows(XmlRpcFormatException.class, () -> RosResult.value("m", "text", ErrorCode.NOT_FOUND));
    assertThrows(XmlRpcFormatException.class, () -> RosResult.value("m", List.of(1, "ok"), ErrorCode.NOT_FOUND));
    assertThrows(XmlRpcFormatException.class, () -> RosResult.value("m", List.of("1", "ok", 0), ErrorCode.NOT_FOUND));
  }
}
