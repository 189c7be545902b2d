package org.pyros.core.system;

import java.util.concurrent.CompletionStage;
import org.pyros.core.msg.Message;

/** Answers requests of a service this node provides. A failed stage becomes an error to the caller. */
@FunctionalInterface
public interface ServiceHandler {
  CompletionStage<Message> handle(Message request);
}
