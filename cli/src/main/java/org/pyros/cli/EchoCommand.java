package org.pyros.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.MessageJson;
import org.pyros.core.node.TopicEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pyros echo TOPIC [-n N]}: prints each message of a topic as one line of JSON. */
@Command(name = "echo", mixinStandardHelpOptions = true,
    description = "Print the messages of a topic, one JSON object per line.")
final class EchoCommand extends TopicCommand {
  @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic name, e.g. /chatter.")
  String topic;

  @Option(names = "-n", paramLabel = "N", defaultValue = "0",
      description = "Exit after N messages (default: run until interrupted).")
  int count;


  @Override
  void validate() {
    if (count < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "-n must not be negative");
    }
  }

  @Override
  void resolveNames(java.util.function.UnaryOperator<String> resolve) {
    topic = resolve.apply(topic);
  }

  @Override
  String topic() {
    return topic;
  }

  @Override
  int run(GraphConnection ros) {
    if (!ros.graphTopics().containsKey(topic)) {
      throw new CliFailure("unknown topic " + topic + ": nobody publishes or subscribes it on " + ros.where()
          + " (see 'pyros topics')");
    }
    PyrosClient client = ros.client();
    // The master knows the topic; wait until the node has polled it too.
    ros.poll(() -> client.topicType(topic).thenApply(t -> true), known -> known);
    CountDownLatch done = new CountDownLatch(count == 0 ? 1 : count);
    AtomicInteger printed = new AtomicInteger();
    AtomicReference<String> ended = new AtomicReference<>();
    var subscription = GraphConnection.await(client.subscribeEvents(topic, event -> {
      if (event instanceof TopicEvent.Received r) {
        if (count == 0 || printed.incrementAndGet() <= count) {
          print(MessageJson.toJsonString(r.message()));
          if (count > 0) {
            done.countDown();
          }
        }
      } else if (event instanceof TopicEvent.Ended e) {
        ended.set(e.reason());
        while (done.getCount() > 0) {
          done.countDown();
        }
      }
    }));
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    } finally {
      try {
        GraphConnection.await(subscription.cancel());
      } catch (PyrosException e) {
        // Exiting anyway; the node closes with the connection.
      }
    }
    if (ended.get() != null) {
      throw new PyrosException(ErrorCode.UNAVAILABLE, "the subscription to " + topic + " ended: " + ended.get());
    }
    return 0;
  }
}
