package org.pyros.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.util.ByteString;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.system.PublishOptions;
import org.pyros.core.system.Registration;
import org.pyros.core.system.TopicPublisher;
import org.pyros.ros2.cdr.CdrFormatException;
import org.pyros.ros2.cdr.CdrReader;
import org.pyros.ros2.rtps.LocalWriter;
import org.pyros.ros2.rtps.endpoint.SampleListener;
import org.pyros.ros2.system.Ros2System;

/**
 * The samples of the C peers ({@code ros2peer_common.h}), made and checked the same way, through
 * {@link Ros2System} (core {@code Message}s) or as CDR bytes on the participant's endpoints.
 * String {@code i}: {@code "hello <i>[ t=<ns>]"} padded with {@code " xxx..."} to {@code --size}.
 * Image {@code i}: mono8, rows of 1024 bytes, frame_id {@code img<i>}, data byte {@code k} is
 * {@code (k + i) & 0xff}, the header stamp the send time when stamped.
 */
final class Ros2PeerContent {
  enum Kind {
    STRING("std_msgs/msg/String", "std_msgs::msg::dds_::String_"),
    IMAGE("sensor_msgs/msg/Image", "sensor_msgs::msg::dds_::Image_");

    final String rosType;
    final String ddsType;

    Kind(String rosType, String ddsType) {
      this.rosType = rosType;
      this.ddsType = ddsType;
    }
  }

  /** Writes sample {@code i}. */
  interface Writer {
    void write(long i, boolean stamp);

    /** Stops publishing (the endpoint goes away). */
    default void close() {}
  }

  /** One received sample: its index (-1 unknown), send time (-1 none), why it is wrong (null: right), payload bytes. */
  interface Listener {
    void onSample(long index, long stampNs, String bad, long bytes);
  }

  private final Kind kind;
  private final int size;
  private final byte[] pattern;
  private final int height;
  private final int width;

  Ros2PeerContent(Kind kind, int size) {
    this.kind = kind;
    this.size = size;
    if (kind == Kind.IMAGE) {
      pattern = new byte[size + 256];
      for (int k = 0; k < pattern.length; k++) {
        pattern[k] = (byte) k;
      }
      if (size >= 1024 && size % 1024 == 0) {
        width = 1024;
        height = size / 1024;
      } else {
        width = size;
        height = size > 0 ? 1 : 0;
      }
    } else {
      pattern = null;
      width = 0;
      height = 0;
    }
  }

  String ddsType() {
    return kind.ddsType;
  }

  String text(long i, boolean stamp) {
    StringBuilder b = new StringBuilder(Math.max(32, size + 1)).append("hello ").append(i);
    if (stamp) {
      b.append(" t=").append(System.nanoTime());
    }
    if (b.length() < size) {
      b.append(' ');
      while (b.length() < size) {
        b.append('x');
      }
    }
    return b.toString();
  }

  // ---- through Ros2System

  Writer systemWriter(Ros2System system, String topic, int depth) throws Exception {
    TopicPublisher p = system.advertise(new TopicInfo(topic, kind.rosType), PublishOptions.DEFAULT)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    Writer w = publisher(system, p);
    return new Writer() {
      @Override
      public void write(long i, boolean stamp) {
        w.write(i, stamp);
      }

      @Override
      public void close() {
        p.cancel();
      }
    };
  }

  private Writer publisher(Ros2System system, TopicPublisher p) {
    if (kind == Kind.STRING) {
      MessageType type = system.types().messageType(kind.rosType);
      return (i, stamp) -> p.publish(Message.builder(type).set("data", text(i, stamp)).build());
    }
    MessageType image = system.types().messageType(kind.rosType);
    MessageType header = system.types().messageType("std_msgs/msg/Header");
    MessageType time = system.types().messageType("builtin_interfaces/msg/Time");
    return (i, stamp) -> {
      long t = stamp ? System.nanoTime() : i * 1_000_000_000L + (i * 7) % 1_000_000_000L;
      Message h = Message.builder(header)
          .set("stamp", Message.builder(time).set("sec", (int) (t / 1_000_000_000L)).set("nanosec", t % 1_000_000_000L).build())
          .set("frame_id", "img" + i).build();
      p.publish(Message.builder(image).set("header", h).set("height", height).set("width", width)
          .set("encoding", "mono8").set("is_bigendian", 0).set("step", width)
          .set("data", ByteString.fromArrayUnsafe(pattern, (int) (i & 0xff), size)).build());
    };
  }

  Registration subscribe(Ros2System system, String topic, int queue, Listener l) throws Exception {
    return system.subscribe(new TopicInfo(topic, kind.rosType), queue, m -> onMessage(m, l))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void onMessage(Message m, Listener l) {
    if (kind == Kind.STRING) {
      String s = m.getString("data");
      checkText(s, s.length(), l);
      return;
    }
    Message h = m.getMessage("header");
    Message t = h.getMessage("stamp");
    ByteString data = m.getBytes("data");
    checkImage(h.getString("frame_id"), t.getInt("sec"), t.getLong("nanosec"), m.getLong("height"), m.getLong("width"),
        m.getString("encoding"), m.getInt("is_bigendian"), m.getLong("step"), data.asByteBuffer(), l);
  }

  // ---- CDR on the participant's endpoints

  Writer rawWriter(LocalWriter w) {
    ByteBuffer b = ByteBuffer.allocate(size + 256).order(ByteOrder.LITTLE_ENDIAN);
    return (i, stamp) -> {
      b.clear();
      b.put((byte) 0).put((byte) 1).put((byte) 0).put((byte) 0); // CDR_LE
      if (kind == Kind.STRING) {
        putString(b, text(i, stamp));
      } else {
        long t = stamp ? System.nanoTime() : i * 1_000_000_000L + (i * 7) % 1_000_000_000L;
        b.putInt((int) (t / 1_000_000_000L)).putInt((int) (t % 1_000_000_000L));
        putString(b, "img" + i);
        align(b, 4);
        b.putInt(height).putInt(width);
        putString(b, "mono8");
        b.put((byte) 0);
        align(b, 4);
        b.putInt(width).putInt(size).put(pattern, (int) (i & 0xff), size);
      }
      w.write(b.flip());
    };
  }

  private static void putString(ByteBuffer b, String s) {
    align(b, 4);
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    b.putInt(utf8.length + 1).put(utf8).put((byte) 0);
  }

  /** CDR alignment counts from the first byte after the 4-byte encapsulation header. */
  private static void align(ByteBuffer b, int n) {
    while ((b.position() - 4) % n != 0) {
      b.put((byte) 0);
    }
  }

  /** A listener for the participant's reader: decodes the CDR bytes of the sample on the receive thread. */
  SampleListener rawListener(Listener l) {
    return sample -> {
      ByteBuffer p = sample.payload();
      try {
        CdrReader r = CdrReader.ofPayload(p);
        if (kind == Kind.STRING) {
          String s = r.readString(-1);
          checkText(s, s.length(), l);
          return;
        }
        int sec = r.readInt32();
        long nanosec = r.readUInt32();
        String frame = r.readString(-1);
        long h = r.readUInt32();
        long w = r.readUInt32();
        String encoding = r.readString(-1);
        int bigEndian = r.readUInt8();
        long step = r.readUInt32();
        int n = r.readCount(1);
        int at = p.remaining() - r.remaining();
        ByteBuffer data = p.slice(p.position() + at, n);
        checkImage(frame, sec, nanosec, h, w, encoding, bigEndian, step, data, l);
      } catch (CdrFormatException e) {
        l.onSample(-1, -1, "does not decode: " + e.getMessage(), 0);
      }
    };
  }

  // ---- checks, as ros2peer_common.h makes them

  private static void checkText(String s, int length, Listener l) {
    if (!s.startsWith("hello ")) {
      l.onSample(-1, -1, "text does not start with 'hello '", length);
      return;
    }
    int p = 6;
    long index = 0;
    while (p < s.length() && Character.isDigit(s.charAt(p))) {
      index = index * 10 + (s.charAt(p++) - '0');
    }
    if (p == 6) {
      l.onSample(-1, -1, "no index after 'hello '", length);
      return;
    }
    long stamp = -1;
    if (s.startsWith(" t=", p)) {
      p += 3;
      stamp = 0;
      while (p < s.length() && Character.isDigit(s.charAt(p))) {
        stamp = stamp * 10 + (s.charAt(p++) - '0');
      }
    }
    String bad = null;
    if (p < s.length()) {
      if (s.charAt(p) != ' ') {
        bad = "unexpected text after 'hello " + index + "'";
      } else {
        for (int k = p + 1; k < s.length(); k++) {
          if (s.charAt(k) != 'x') {
            bad = "padding holds '" + s.charAt(k) + "' at " + k + ", expected only 'x'";
            break;
          }
        }
      }
    }
    l.onSample(index, stamp, bad, length);
  }

  private void checkImage(String frame, int sec, long nanosec, long h, long w, String encoding, int bigEndian, long step,
      ByteBuffer data, Listener l) {
    if (!frame.startsWith("img") || frame.length() < 4) {
      l.onSample(-1, -1, "frame_id is not img<i>", data.remaining());
      return;
    }
    long index;
    try {
      index = Long.parseLong(frame.substring(3));
    } catch (NumberFormatException e) {
      l.onSample(-1, -1, "frame_id is not img<i>", data.remaining());
      return;
    }
    String bad = null;
    int n = data.remaining();
    if (!encoding.equals("mono8") || bigEndian != 0 || step != w || h * step != n) {
      bad = "geometry " + h + "x" + w + " step " + step + " " + encoding + " for " + n + " bytes";
    } else if (data.mismatch(ByteBuffer.wrap(pattern, (int) (index & 0xff), n)) >= 0) {
      bad = "data differs from the pattern of image " + index;
    }
    l.onSample(index, sec * 1_000_000_000L + nanosec, bad, n);
  }
}
