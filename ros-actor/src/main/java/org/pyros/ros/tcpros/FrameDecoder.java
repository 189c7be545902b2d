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
 * Splits a TCPROS byte stream into frames. The first frame is the connection header (limited to
 * {@link ConnectionHeader#MAX_HEADER_BYTES}, emitted as its body); later frames are emitted as
 * their body, limited to {@code maxFrameBytes}. In service-response mode each later frame is
 * preceded by an ok byte, emitted as the first byte of the element. Lengths are checked before
 * anything is buffered, so a peer cannot make us hold more than one limit's worth of bytes.
 */
final class FrameDecoder extends GraphStage<FlowShape<ByteString, ByteString>> {
  private final Inlet<ByteString> in = Inlet.create("FrameDecoder.in");
  private final Outlet<ByteString> out = Outlet.create("FrameDecoder.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final long maxFrameBytes;
  private final boolean okBytePrefix;
  private final boolean keepReadingAfterBadHeader;

  private FrameDecoder(long maxFrameBytes, boolean okBytePrefix, boolean keepReadingAfterBadHeader) {
    this.keepReadingAfterBadHeader = keepReadingAfterBadHeader;
    if (maxFrameBytes < 0 || maxFrameBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxFrameBytes out of range: " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
    this.okBytePrefix = okBytePrefix;
  }

  /**
   * Header, then plain frames, for a server: an undecodable header fails only the output and the
   * input is drained, so the connection stays open until an error header has been written.
   */
  static FrameDecoder incoming(long maxFrameBytes) {
    return new FrameDecoder(maxFrameBytes, false, true);
  }

  /** Header, then ok byte + frame per element (service responses). */
  static FrameDecoder serviceResponses(long maxFrameBytes) {
    return new FrameDecoder(maxFrameBytes, true, false);
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
      private boolean discarding;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            if (discarding) {
              grab(in);
              pull(in);
              return;
            }
            buffer = buffer.concat(grab(in));
            emitOrPull();
          }

          @Override
          public void onUpstreamFinish() {
            if (discarding || buffer.isEmpty()) {
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
        } catch (ConnectionHeaderException e) {
          if (!keepReadingAfterBadHeader || isClosed(in)) {
            failStage(e);
            return;
          }
          // Fail only downstream and keep reading (and discarding) so the connection stays open
          // long enough for the server to answer with an error header.
          fail(out, e);
          buffer = ByteString.emptyByteString();
          discarding = true;
          if (!hasBeenPulled(in)) {
            pull(in);
          }
          return;
        } catch (TcprosException e) {
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
        int prefix = headerDone && okBytePrefix ? 1 : 0;
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
