package org.pyros.ros2.cdr;

import java.util.ArrayDeque;
import java.util.Deque;
import org.pyros.core.msg.MessageFormatException;

/** A failure on its way out, collecting the field path as it unwinds; no stack trace. */
final class CodecFailure extends RuntimeException {
  private final Deque<String> path = new ArrayDeque<>();

  CodecFailure(String problem) {
    super(problem, null, false, false);
  }

  CodecFailure under(String segment) {
    path.addFirst(segment);
    return this;
  }

  MessageFormatException toMessageFormatException() {
    StringBuilder b = new StringBuilder();
    for (String s : path) {
      if (b.length() > 0 && !s.startsWith("[")) {
        b.append('.');
      }
      b.append(s);
    }
    return new MessageFormatException(b.toString(), getMessage());
  }
}
