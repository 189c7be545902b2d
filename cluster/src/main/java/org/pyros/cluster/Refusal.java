package org.pyros.cluster;

import org.pyros.core.error.ErrorCode;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;

/** Answers any node request with a failure, whatever its reply type. */
final class Refusal {
  private Refusal() {}

  /** Replies {@code Failed(code, why)} to the request's {@code replyTo}; false for Unsubscribe (no reply). */
  static boolean refuse(PyrosNode.Command c, ErrorCode code, String why) {
    if (c instanceof PyrosNode.Replying<?> r) {
      fail(r, code, why);
      return true;
    }
    return false;
  }

  private static <T> void fail(PyrosNode.Replying<T> r, ErrorCode code, String why) {
    r.replyTo().tell(Reply.failed(code, why));
  }
}
