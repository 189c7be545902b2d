package org.pyros.cluster.link;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LinkConnection} over plain TCP.
 *
 * <p>One thread per connection reads frames and hands each to {@link FrameHandler}, on that
 * thread. {@link #send} writes on the caller's thread when the socket takes the whole frame
 * (the usual case: no hand-off between threads); what the socket does not take waits, and the
 * reading thread writes it when the socket has room. At most {@code maxUnsentBytes} may wait: a
 * peer that stops reading gets its connection closed rather than the heap filled.
 */
final class TcpLinkConnection implements LinkConnection {
  private static final Logger log = LoggerFactory.getLogger(TcpLinkConnection.class);
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;
  private final String peer;
  private final int maxPayloadBytes;
  private final long maxUnsentBytes;
  private final FrameHandler handler;
  private final BiConsumer<LinkConnection, String> onClosed;
  private final Thread reader;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Frames (header and payload buffers) the socket has not taken yet; guarded by itself. */
  private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
  private long unsentBytes;
  private ByteBuffer in = ByteBuffer.allocate(READ_BUFFER_BYTES);

  private TcpLinkConnection(SocketChannel channel, String name, int maxPayloadBytes, long maxUnsentBytes, FrameHandler handler,
      BiConsumer<LinkConnection, String> onClosed) throws IOException {
    this.channel = channel;
    this.peer = String.valueOf(channel.getRemoteAddress());
    this.maxPayloadBytes = maxPayloadBytes;
    this.maxUnsentBytes = maxUnsentBytes;
    this.handler = handler;
    this.onClosed = onClosed;
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    channel.configureBlocking(false);
    this.selector = Selector.open();
    this.key = channel.register(selector, SelectionKey.OP_READ);
    this.reader = new Thread(this::run, name + " " + peer);
    reader.setDaemon(true);
  }

  /**
   * A connection over a connected channel, not reading yet ({@link #start}). {@code onClosed} is
   * called once, with the connection and the reason, when it closes for any reason.
   */
  static LinkConnection open(SocketChannel channel, String name, int maxPayloadBytes, long maxUnsentBytes,
      FrameHandler handler, BiConsumer<LinkConnection, String> onClosed) throws IOException {
    return new TcpLinkConnection(channel, name, maxPayloadBytes, maxUnsentBytes, handler, onClosed);
  }

  @Override
  public void start() {
    reader.start();
  }

  @Override
  public String peer() {
    return peer;
  }

  @Override
  public boolean send(long id, int millis, byte[] payload) {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES)
        .putInt(HEADER_BYTES - 4 + payload.length).putLong(id).putInt(millis).flip();
    ByteBuffer body = ByteBuffer.wrap(payload);
    String overflow = null;
    synchronized (unsent) {
      if (closed.get()) {
        return false;
      }
      try {
        if (unsent.isEmpty()) {
          channel.write(new ByteBuffer[] {header, body});
        }
        for (ByteBuffer b : new ByteBuffer[] {header, body}) {
          if (b.hasRemaining()) {
            unsent.add(b);
            unsentBytes += b.remaining();
          }
        }
        if (unsentBytes > maxUnsentBytes) {
          overflow = "the other side does not read: more than " + maxUnsentBytes + " bytes wait unsent";
        } else if (!unsent.isEmpty()) {
          key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
          selector.wakeup();
        }
      } catch (IOException e) {
        overflow = "write failed: " + e.getMessage();
      }
    }
    if (overflow != null) {
      close(overflow);
      return false;
    }
    return true;
  }

  @Override
  public void sendAndClose(long id, byte[] payload, String why) {
    send(id, 0, payload); // a small frame: the socket takes it at once
    close(why);
  }

  @Override
  public void close(String why) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // closing anyway
    }
    try {
      selector.close();
    } catch (IOException e) {
      // closing anyway
    }
    synchronized (unsent) {
      unsent.clear();
      unsentBytes = 0;
    }
    onClosed.accept(this, why);
  }

  @Override
  public boolean isOpen() {
    return !closed.get();
  }

  private void run() {
    String why = "closed";
    try {
      while (!closed.get()) {
        selector.select();
        selector.selectedKeys().clear();
        if (!key.isValid()) {
          break;
        }
        if (key.isReadable()) {
          readAvailable();
        }
        if (key.isValid() && key.isWritable()) {
          writeUnsent();
        }
      }
    } catch (EOFException e) {
      why = "closed by " + peer;
    } catch (ProtocolException e) {
      log.warn("Closing the request link with {}: {}", peer, e.getMessage());
      why = e.getMessage();
    } catch (IOException | RuntimeException e) {
      if (!closed.get()) {
        log.debug("Request link with {} failed", peer, e);
      }
      why = String.valueOf(e.getMessage());
    } finally {
      close(why);
    }
  }

  private void readAvailable() throws IOException {
    if (channel.read(in) < 0) {
      throw new EOFException();
    }
    in.flip();
    // A handler may close the connection (a refused hello): what follows in the buffer is dropped.
    while (!closed.get() && in.remaining() >= 4) {
      int length = in.getInt(in.position());
      if (length < HEADER_BYTES - 4 || length - (HEADER_BYTES - 4) > maxPayloadBytes) {
        throw new ProtocolException("a frame of " + length + " bytes from " + peer + " (at most "
            + (maxPayloadBytes + HEADER_BYTES - 4) + ")");
      }
      if (in.remaining() < 4 + length) {
        if (in.capacity() < 4 + length) {
          // A frame larger than the buffer: read the rest of it into one array of its size.
          ByteBuffer whole = ByteBuffer.allocate(4 + length);
          whole.put(in);
          in = whole;
          return;
        }
        break;
      }
      in.getInt();
      long id = in.getLong();
      int millis = in.getInt();
      byte[] payload = new byte[length - (HEADER_BYTES - 4)];
      in.get(payload);
      try {
        handler.onFrame(this, id, millis, payload);
      } catch (RuntimeException e) {
        log.warn("A request link frame from {} was not handled", peer, e);
      }
    }
    if (in.capacity() > READ_BUFFER_BYTES && in.remaining() <= READ_BUFFER_BYTES) {
      ByteBuffer small = ByteBuffer.allocate(READ_BUFFER_BYTES);
      small.put(in);
      in = small;
    } else {
      in.compact();
    }
  }

  private void writeUnsent() throws IOException {
    synchronized (unsent) {
      while (!unsent.isEmpty()) {
        long written = channel.write(unsent.toArray(ByteBuffer[]::new));
        unsentBytes -= written;
        while (!unsent.isEmpty() && !unsent.peek().hasRemaining()) {
          unsent.poll();
        }
        if (written == 0) {
          return; // the socket is full again; stay interested in writing
        }
      }
      key.interestOps(SelectionKey.OP_READ);
    }
  }
}
