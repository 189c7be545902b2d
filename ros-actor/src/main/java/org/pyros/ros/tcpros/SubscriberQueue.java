package org.pyros.ros.tcpros;

import java.util.ArrayDeque;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * One subscriber's outgoing frames: a bounded queue with ROS queue_size semantics (when full the
 * oldest frame is dropped) drained by a stream source. Offering never blocks and never waits for
 * the network; the source batches every queued frame (up to {@code maxBatchBytes}) into one
 * write, so a fast publisher costs one socket write per batch rather than per message.
 */
final class SubscriberQueue {
  private final int capacity;
  private final int maxBatchBytes;
  private final ArrayDeque<ByteString> frames;
  private AsyncCallback<NotUsed> wakeUp; // set once the source runs
  private boolean sourceWaiting;
  private boolean closed;
  private long dropped;

  SubscriberQueue(int capacity, int maxBatchBytes) {
    if (capacity < 1) {
      throw new IllegalArgumentException("queue capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.maxBatchBytes = maxBatchBytes;
    this.frames = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  /** Adds a frame, dropping the oldest when full. Never blocks. */
  void offer(ByteString frame) {
    AsyncCallback<NotUsed> toWake = null;
    synchronized (this) {
      if (closed) {
        return;
      }
      if (frames.size() == capacity) {
        frames.pollFirst();
        dropped++;
      }
      frames.addLast(frame);
      if (sourceWaiting) {
        sourceWaiting = false;
        toWake = wakeUp;
      }
    }
    if (toWake != null) {
      toWake.invoke(NotUsed.getInstance());
    }
  }

  synchronized long dropped() {
    return dropped;
  }

  synchronized int size() {
    return frames.size();
  }

  /** Frames queued now, concatenated (no copy); null (and the source marked waiting) if none. */
  private synchronized ByteString drainOrWait() {
    ByteString first = frames.pollFirst();
    if (first == null) {
      sourceWaiting = true;
      return null;
    }
    ByteString batch = first;
    while (batch.size() < maxBatchBytes) {
      ByteString next = frames.peekFirst();
      if (next == null || batch.size() + next.size() > maxBatchBytes) {
        break;
      }
      batch = batch.concat(frames.pollFirst());
    }
    return batch;
  }

  private synchronized void close() {
    closed = true;
    frames.clear();
  }

  /** The source draining this queue; it runs until the connection ends. */
  GraphStage<SourceShape<ByteString>> source(Runnable onStart, Runnable onStop) {
    return new GraphStage<>() {
      private final Outlet<ByteString> out = Outlet.create("SubscriberQueue.out");
      private final SourceShape<ByteString> shape = SourceShape.of(out);

      @Override
      public SourceShape<ByteString> shape() {
        return shape;
      }

      @Override
      public GraphStageLogic createLogic(Attributes attrs) {
        return new GraphStageLogic(shape) {
          {
            setHandler(out, new AbstractOutHandler() {
              @Override
              public void onPull() {
                pushIfAny();
              }
            });
          }

          @Override
          public void preStart() {
            AsyncCallback<NotUsed> cb = createAsyncCallback(x -> {
              if (isAvailable(out)) {
                pushIfAny();
              }
            });
            synchronized (SubscriberQueue.this) {
              wakeUp = cb;
            }
            onStart.run();
          }

          private void pushIfAny() {
            ByteString batch = drainOrWait();
            if (batch != null) {
              push(out, batch);
            }
          }

          @Override
          public void postStop() {
            close();
            onStop.run();
          }
        };
      }
    };
  }
}
