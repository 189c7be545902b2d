package org.pyros.ros.tcpros;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Splits what a service server sends a {@link ServiceClient} into frames. The first frame is the
 * connection header (limited to {@link ConnectionHeader#MAX_HEADER_BYTES}, emitted as its body);
 * each later frame is a response: an ok byte and a frame limited to {@code maxFrameBytes},
 * emitted as the ok byte followed by the body. Lengths are checked before anything is buffered,
 * so a peer cannot make us hold more than one limit's worth of bytes.
 */
final class FrameDecoder extends GraphStage<FlowShape<ByteString, ByteString>> {
  private final Inlet<ByteString> in = Inlet.create("FrameDecoder.in");
  private final Outlet<ByteString> out = Outlet.create("FrameDecoder.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final long maxFrameBytes;

  private FrameDecoder(long maxFrameBytes) {
    if (maxFrameBytes < 0 || maxFrameBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxFrameBytes out of range: " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Header, then ok byte + frame per element (service responses). */
  static FrameDecoder serviceResponses(long maxFrameBytes) {
    return new FrameDecoder(maxFrameBytes);
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attrs) {
    return new GraphStageLogic(shape) {
      private ByteString buffer = ByteString.emptyByteString();
      private boolean headerDone;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            buffer = buffer.concat(grab(in));
            emitOrPull();
          }

          @Override
          public void onUpstreamFinish() {
            if (buffer.isEmpty()) {
              completeStage();
            } else if (isAvailable(out)) {
              emitOrPull();
            }
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            emitOrPull();
          }
        });
      }

      private void emitOrPull() {
        ByteString frame;
        try {
          frame = nextFrame();
        } catch (TcprosException e) { // a broken header (ConnectionHeaderException) too
          failStage(e);
          return;
        }
        if (frame != null) {
          push(out, frame);
        } else if (isClosed(in)) {
          if (buffer.isEmpty()) {
            completeStage();
          } else {
            failStage(new TcprosException(org.pyros.core.error.ErrorCode.UNAVAILABLE,
                "connection closed inside a " + (headerDone ? "frame" : "connection header")
                    + " (" + buffer.size() + " bytes pending)"));
          }
        } else if (!hasBeenPulled(in)) {
          pull(in);
        }
      }

      /** The next complete frame, or null when more bytes are needed. */
      private ByteString nextFrame() {
        int prefix = headerDone ? 1 : 0;
        if (buffer.size() < prefix + 4) {
          return null;
        }
        long len = Frames.uint32(buffer, prefix);
        if (!headerDone && len > ConnectionHeader.MAX_HEADER_BYTES) {
          throw new ConnectionHeaderException("connection header length " + len
              + " exceeds the limit of " + ConnectionHeader.MAX_HEADER_BYTES);
        }
        if (headerDone && len > maxFrameBytes) {
          throw new FrameTooLargeException(len, maxFrameBytes);
        }
        int total = prefix + 4 + (int) len;
        if (buffer.size() < total) {
          return null;
        }
        ByteString body = buffer.slice(prefix + 4, total);
        ByteString frame = prefix == 0 ? body : buffer.take(1).concat(body);
        buffer = buffer.drop(total);
        headerDone = true;
        return frame;
      }
    };
  }
}
