package org.pyros.gateway.rosbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.pyros.core.msg.Field;
import org.pyros.core.msg.FieldType;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;
import org.pyros.gateway.rosbridge.SubscribeOptions.Compression;

class EncodedFramesTest {
  private static final MessageType TEXT = MessageType.of("std_msgs/String", new Field("data", new FieldType.Builtin(Primitive.STRING)));
  private final AtomicInteger encodings = new AtomicInteger();
  private final Function<Message, byte[]> encode = m -> {
    encodings.incrementAndGet();
    return ((String) m.get("data")).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  };

  private static Message text(String s) {
    return Message.builder(TEXT).set("data", s).build();
  }

  @Test
  void eachMessageIsEncodedOnceForEveryConnectionThatSendsItInOneForm() {
    EncodedFrames frames = new EncodedFrames(1 << 20);
    Message first = text("first");
    byte[] a = frames.of("/chatter", Compression.CBOR, first, encode, b -> b.length);
    byte[] b = frames.of("/chatter", Compression.CBOR, first, encode, x -> x.length);
    assertSame(a, b);
    assertEquals(1, encodings.get());
    frames.of("/chatter", Compression.CBOR_RAW, first, encode, x -> x.length);
    frames.of("/other", Compression.CBOR, first, encode, x -> x.length);
    assertEquals(3, encodings.get(), "another form or topic is another frame");
    Message equalButNew = text("first");
    assertNotSame(a, frames.of("/chatter", Compression.CBOR, equalButNew, encode, x -> x.length),
        "a new message is encoded anew, even when equal to the last");
  }

  @Test
  void framesKeptStayWithinTheBoundAndOneLargerIsNotKept() {
    EncodedFrames frames = new EncodedFrames(10);
    for (int i = 0; i < 20; i++) {
      frames.of("/t" + i, Compression.CBOR, text("abcd"), encode, b -> b.length);
      assertTrue(frames.bytes() <= 10, "kept " + frames.bytes());
    }
    assertEquals(8, frames.bytes(), "the two most recent");
    Message large = text("far more than ten bytes");
    frames.of("/large", Compression.CBOR, large, encode, b -> b.length);
    frames.of("/large", Compression.CBOR, large, encode, b -> b.length);
    assertEquals(22, encodings.get(), "not kept: encoded for each connection");
  }
}
