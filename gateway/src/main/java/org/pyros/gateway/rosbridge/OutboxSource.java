package org.pyros.gateway.rosbridge;

import java.time.Duration;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an {@link Outbox}'s frames as the WebSocket takes them. Completes (which closes the
 * connection) when the outbox is cut off, or cuts it off itself when frames have waited for
 * {@code stallTimeout} without one being taken.
 */
public final class OutboxSource extends GraphStage<SourceShape<Message>> {
  private static final Logger log = LoggerFactory.getLogger(OutboxSource.class);
  private static final String STALL_CHECK = "stall-check";

  private final Outlet<Message> out = Outlet.create("OutboxSource.out");
  private final SourceShape<Message> shape = SourceShape.of(out);
  private final Outbox outbox;
  private final Duration stallTimeout;
  private final String connection;

  public OutboxSource(Outbox outbox, Duration stallTimeout, String connection) {
    this.outbox = outbox;
    this.stallTimeout = stallTimeout;
    this.connection = connection;
  }

  @Override
  public SourceShape<Message> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new TimerGraphStageLogic(shape) {
      private long lastTaken = System.nanoTime();

      {
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            deliver();
          }

          @Override
          public void onDownstreamFinish(Throwable cause) {
            outbox.cut("the connection closed");
            completeStage();
          }
        });
      }

      @Override
      public void preStart() {
        AsyncCallback<Boolean> available = createAsyncCallback(ignored -> deliver());
        outbox.onAvailable(() -> available.invoke(Boolean.TRUE));
        Duration check = stallTimeout.dividedBy(4).isZero() ? stallTimeout : stallTimeout.dividedBy(4);
        scheduleWithFixedDelay(STALL_CHECK, check, check);
      }

      @Override
      public void onTimer(Object key) {
        boolean stalled = !outbox.isEmpty() && System.nanoTime() - lastTaken > stallTimeout.toNanos();
        if (stalled) {
          outbox.cutSlowClient("no message taken for " + stallTimeout.toMillis() + " ms");
        }
        deliver();
      }

      private void deliver() {
        String cut = outbox.cutOffReason();
        if (cut != null) {
          log.info("Closing connection {}: {}", connection, cut);
          completeStage();
          return;
        }
        if (!isAvailable(out)) {
          return;
        }
        Message next = outbox.poll();
        if (next != null) {
          lastTaken = System.nanoTime();
          push(out, next);
        } else {
          // Nothing waits: the clock of a stall starts when something does.
          lastTaken = System.nanoTime();
        }
      }
    };
  }
}
