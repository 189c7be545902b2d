package org.pyros.cluster.link;

/**
 * One end of a request link: a connection carrying frames
 * {@code [int length][long id][int millis][payload]} ({@code length} counts what follows it),
 * over plain TCP ({@link TcpLinkConnection}) or TLS ({@link TlsLinkConnection}).
 *
 * <p>Frames received are handed to a {@link FrameHandler} on the connection's reading thread.
 * What waits to be written is bounded: a peer that stops reading gets its connection closed
 * rather than the heap filled.
 */
interface LinkConnection {
  /** Bytes of a frame before its payload. */
  int HEADER_BYTES = 16;

  /** What to do with each frame received; runs on the connection's thread. */
  interface FrameHandler {
    void onFrame(LinkConnection connection, long id, int millis, byte[] payload);
  }

  /** Starts reading frames (and writing what waits). */
  void start();

  /** The other end, for logs. */
  String peer();

  /**
   * Sends one frame; thread-safe. False when the connection is closed (or closes now because
   * too much waits unsent).
   */
  boolean send(long id, int millis, byte[] payload);

  /**
   * Sends one last frame, then closes the connection with {@code why}; frames received meanwhile
   * are dropped.
   */
  void sendAndClose(long id, byte[] payload, String why);

  /** Closes the connection (idempotent); frames not yet sent are dropped; calls its onClosed once. */
  void close(String why);

  boolean isOpen();
}
