package org.pyros.cluster;

import org.pyros.core.error.ErrorCode;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;

/** Answers any node request with a failure, whatever its reply type. */
final class Refusal {
  private Refusal() {}

  /** Replies {@code Failed(code, why)} to the request's {@code replyTo}; false for Unsubscribe (no reply). */
  static boolean refuse(PyrosNode.Command c, ErrorCode code, String why) {
    if (c instanceof PyrosNode.Publish m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else if (c instanceof PyrosNode.Subscribe m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else if (c instanceof PyrosNode.Latest m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else if (c instanceof PyrosNode.DescribeTopic m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else if (c instanceof PyrosNode.CallService m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else if (c instanceof PyrosNode.DescribeService m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else if (c instanceof PyrosNode.ProvideService m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else if (c instanceof PyrosNode.GetParam m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else if (c instanceof PyrosNode.SetParam m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else if (c instanceof PyrosNode.DeleteParam m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else if (c instanceof PyrosNode.ListTopics m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else if (c instanceof PyrosNode.ListServices m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else if (c instanceof PyrosNode.ListParams m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else if (c instanceof PyrosNode.Reconfigure m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else if (c instanceof PyrosNode.GetExposure m) {
      m.replyTo().tell(Reply.failed(code, why));
    } else {
      return false;
    }
    return true;
  }
}
