package org.pyros.ros.tcpros;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * Passes elements through; once its downstream cancels, it reads and drops the rest of its input
 * instead of cancelling it. On an accepted TCP connection (bound without half-close), cancelling
 * the input closes the socket at once, and that close can overtake the last answer still on its
 * way out: a non-persistent service client then sees the connection close without a response.
 * With this stage after the connection's input, a connection closes only when its output
 * completes (after what was written) or the peer closes it.
 */
final class DrainAfterCancel<T> extends GraphStage<FlowShape<T, T>> {
  private final Inlet<T> in = Inlet.create("DrainAfterCancel.in");
  private final Outlet<T> out = Outlet.create("DrainAfterCancel.out");
  private final FlowShape<T, T> shape = FlowShape.of(in, out);

  @Override
  public FlowShape<T, T> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attrs) {
    return new GraphStageLogic(shape) {
      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            T element = grab(in);
            if (isClosed(out)) {
              pull(in); // draining
            } else {
              push(out, element);
            }
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            pull(in);
          }

          @Override
          public void onDownstreamFinish(Throwable cause) {
            if (!hasBeenPulled(in) && !isClosed(in)) {
              pull(in);
            }
          }
        });
      }
    };
  }
}
