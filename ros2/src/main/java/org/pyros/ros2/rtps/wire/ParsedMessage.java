package org.pyros.ros2.rtps.wire;

import java.util.Collections;
import java.util.List;

/**
 * What {@link MessageReader#parse} read from one datagram: the header, the submessages in order
 * (INFO_* and PAD included, each with the receiver's state after it), and why parsing stopped
 * early ({@code null} when the whole message was read). Submessages before a malformed one are
 * kept, as the spec's receiver acts on them.
 */
public record ParsedMessage(Header header, List<Received> submessages, String error) {
  /** Takes {@code submessages} as given (a read-only view, not a copy: this runs for every datagram). */
  public ParsedMessage {
    submessages = Collections.unmodifiableList(submessages);
  }

  public boolean complete() {
    return error == null;
  }
}
