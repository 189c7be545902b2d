package org.pyros.cluster.link;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LinkConnection} over TLS. A reading thread does the handshake (bounded by the
 * connect timeout) and reads frames; a writing thread writes what {@link #send} queued, so no
 * caller blocks on a full socket. The queue is bounded by bytes ({@code maxUnsentBytes}).
 */
final class TlsLinkConnection implements LinkConnection {
  private static final Logger log = LoggerFactory.getLogger(TlsLinkConnection.class);

  private final SSLSocket socket;
  private final String peer;
  private final int maxPayloadBytes;
  private final long maxUnsentBytes;
  private final Duration handshakeTimeout;
  private final FrameHandler handler;
  private final BiConsumer<LinkConnection, String> onClosed;
  private final Thread reader;
  private final Thread writer;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Frames to write, each whole; their bytes are counted in {@link #unsentBytes}. */
  private final LinkedBlockingQueue<byte[]> unsent = new LinkedBlockingQueue<>();
  private final AtomicLong unsentBytes = new AtomicLong();
  /** Opens once the handshake is done: the writer waits for it (frames queued before wait too). */
  private final CountDownLatch handshaken = new CountDownLatch(1);
  /** Queued last by {@link #sendAndClose}: the writer closes the connection when it gets here. */
  private static final byte[] CLOSE = new byte[0];
  private volatile String closing;

  private TlsLinkConnection(SSLSocket socket, String name, int maxPayloadBytes, long maxUnsentBytes, Duration handshakeTimeout,
      FrameHandler handler, BiConsumer<LinkConnection, String> onClosed) {
    this.socket = socket;
    this.peer = String.valueOf(socket.getRemoteSocketAddress());
    this.maxPayloadBytes = maxPayloadBytes;
    this.maxUnsentBytes = maxUnsentBytes;
    this.handshakeTimeout = handshakeTimeout;
    this.handler = handler;
    this.onClosed = onClosed;
    this.reader = new Thread(this::read, name + " " + peer);
    this.writer = new Thread(this::write, name + "-writer " + peer);
    reader.setDaemon(true);
    writer.setDaemon(true);
  }

  /**
   * A connection over a connected TLS socket, not reading yet ({@link #start}); the handshake
   * is done first on the reading thread, and must end within {@code handshakeTimeout}.
   */
  static LinkConnection open(SSLSocket socket, String name, int maxPayloadBytes, long maxUnsentBytes, Duration handshakeTimeout,
      FrameHandler handler, BiConsumer<LinkConnection, String> onClosed) throws IOException {
    socket.setTcpNoDelay(true);
    socket.setKeepAlive(true);
    return new TlsLinkConnection(socket, name, maxPayloadBytes, maxUnsentBytes, handshakeTimeout, handler, onClosed);
  }

  @Override
  public void start() {
    reader.start();
    writer.start();
  }

  @Override
  public String peer() {
    return peer;
  }

  @Override
  public boolean send(long id, int millis, byte[] payload) {
    if (closed.get()) {
      return false;
    }
    byte[] frame = ByteBuffer.allocate(HEADER_BYTES + payload.length)
        .putInt(HEADER_BYTES - 4 + payload.length).putLong(id).putInt(millis).put(payload).array();
    if (unsentBytes.addAndGet(frame.length) > maxUnsentBytes) {
      close("the other side does not read: more than " + maxUnsentBytes + " bytes wait unsent");
      return false;
    }
    unsent.add(frame);
    return true;
  }

  @Override
  public void sendAndClose(long id, byte[] payload, String why) {
    closing = why;
    if (send(id, 0, payload)) {
      unsent.add(CLOSE);
    }
  }

  @Override
  public void close(String why) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
    writer.interrupt();
    unsent.clear();
    unsentBytes.set(0);
    onClosed.accept(this, why);
  }

  @Override
  public boolean isOpen() {
    return !closed.get();
  }

  private void read() {
    String why = "closed";
    try {
      socket.setSoTimeout((int) handshakeTimeout.toMillis());
      try {
        socket.startHandshake();
      } catch (SocketTimeoutException e) {
        throw new ProtocolException("no TLS handshake within " + handshakeTimeout.toMillis() + " ms");
      } catch (IOException e) {
        throw new ProtocolException("TLS handshake failed: " + e.getMessage());
      }
      socket.setSoTimeout(0);
      handshaken.countDown();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      while (!closed.get() && closing == null) {
        int length = in.readInt();
        if (length < HEADER_BYTES - 4 || length - (HEADER_BYTES - 4) > maxPayloadBytes) {
          throw new ProtocolException("a frame of " + length + " bytes from " + peer + " (at most "
              + (maxPayloadBytes + HEADER_BYTES - 4) + ")");
        }
        long id = in.readLong();
        int millis = in.readInt();
        byte[] payload = new byte[length - (HEADER_BYTES - 4)];
        in.readFully(payload);
        if (closing != null) {
          break; // a last frame is on its way; nothing more is read
        }
        try {
          handler.onFrame(this, id, millis, payload);
        } catch (RuntimeException e) {
          log.warn("A request link frame from {} was not handled", peer, e);
        }
      }
    } catch (EOFException e) {
      why = "closed by " + peer;
    } catch (ProtocolException e) {
      if (!closed.get()) {
        log.warn("Closing the request link with {}: {}", peer, e.getMessage());
      }
      why = e.getMessage();
    } catch (IOException | RuntimeException e) {
      if (!closed.get()) {
        log.debug("Request link with {} failed", peer, e);
      }
      why = String.valueOf(e.getMessage());
    } finally {
      if (closing == null || !isOpen()) {
        close(why);
      } // else the writer closes once the last frame is written
    }
  }

  private void write() {
    try {
      handshaken.await();
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      while (!closed.get()) {
        byte[] frame = unsent.take();
        if (frame == CLOSE) {
          out.flush();
          close(closing);
          return;
        }
        out.write(frame);
        unsentBytes.addAndGet(-frame.length);
        if (unsent.isEmpty()) {
          out.flush(); // the frames queued meanwhile go in one TLS record
        }
      }
    } catch (InterruptedException e) {
      // closed
    } catch (IOException e) {
      close("write failed: " + e.getMessage());
    }
  }
}
