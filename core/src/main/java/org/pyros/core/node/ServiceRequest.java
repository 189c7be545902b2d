package org.pyros.core.node;

import org.apache.pekko.actor.typed.ActorRef;
import org.pyros.core.msg.Message;

/**
 * A request to a service that an application provides through the node ({@link
 * PyrosNode.ProvideService}). The handler answers {@code replyTo} with the response message,
 * or with {@link Reply.Failed} to send an error to the caller.
 */
public record ServiceRequest(String service, Message request, ActorRef<Reply<Message>> replyTo) {}
