package org.pyros.cluster.link;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The first frame a client sends on a request link: the member it is (its cluster address) and
 * the ticket the node's host gave it ({@link LinkAdmission}). Nothing else is read before it.
 *
 * @param member the client's cluster address, as {@code Address.toString()}
 * @param ticket the ticket the host gave that member
 */
public record LinkHello(String member, String ticket) {
  /** The frame id of a hello; requests use 0 (no reply) and positive ids. */
  static final long FRAME_ID = -1;
  /** A hello is small: anything longer is not one. */
  static final int MAX_BYTES = 1024;

  byte[] toBytes() {
    return (member + "\n" + ticket).getBytes(StandardCharsets.UTF_8);
  }

  /** The hello in a frame's payload; empty when it is not one. */
  static Optional<LinkHello> parse(byte[] payload) {
    if (payload.length > MAX_BYTES) {
      return Optional.empty();
    }
    String text = new String(payload, StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    return nl <= 0 || nl == text.length() - 1 || text.indexOf('\n', nl + 1) >= 0 ? Optional.empty()
        : Optional.of(new LinkHello(text.substring(0, nl), text.substring(nl + 1)));
  }
}
