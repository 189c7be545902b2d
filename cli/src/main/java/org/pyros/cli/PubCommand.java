package org.pyros.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageFormatException;
import org.pyros.core.msg.MessageJson;
import org.pyros.core.msg.MessageType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pyros pub TOPIC TYPE JSON [-r RATE] [-n N]}: publishes a message, latched, and stays
 * {@code --linger} seconds after the last one so subscribers that connect late still get it
 * (as {@code rostopic pub -1} does).
 */
@Command(name = "pub", mixinStandardHelpOptions = true,
    description = "Publish a message given as JSON on a topic (latched).")
final class PubCommand extends TopicCommand {
  @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic name, e.g. /chatter.")
  String topic;

  @Parameters(index = "1", paramLabel = "TYPE", description = "Message type, e.g. std_msgs/String.")
  String typeName;

  @Parameters(index = "2", paramLabel = "JSON", description = "The message, e.g. '{\"data\": \"hi\"}'.")
  String json;

  @Option(names = "-r", paramLabel = "RATE", defaultValue = "10", description = "Messages per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "-n", paramLabel = "N", defaultValue = "1", description = "Number of messages, 0 = until interrupted (default: ${DEFAULT-VALUE}).")
  long count;

  @Option(names = "--linger", paramLabel = "SECONDS", defaultValue = "3",
      description = "Stay this long after the last message for late subscribers (default: ${DEFAULT-VALUE}).")
  double linger;


  @Override
  void resolveNames(java.util.function.UnaryOperator<String> resolve) {
    topic = resolve.apply(topic);
  }

  @Override
  String topic() {
    return topic;
  }

  @Override
  NameFilter latched() {
    return NameFilter.allowing(topic);
  }

  private JsonNode body;

  @Override
  void validate() {
    body = jsonArgument("JSON", json);
    if (!(rate > 0) || rate > 10_000) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "-r must be between 0 (exclusive) and 10000");
    }
    if (count < 0 || !(linger >= 0) || linger > 3600) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "-n and --linger must not be negative (--linger at most 3600)");
    }
  }

  @Override
  int run(GraphConnection ros) {
    MessageType type;
    try {
      type = GraphConnection.await(ros.system().messageType(typeName));
    } catch (PyrosException e) {
      throw unknownType("message type", typeName, e);
    }
    Message message;
    try {
      message = MessageJson.fromJson(type, body);
    } catch (MessageFormatException e) {
      throw new CliFailure("the JSON does not fit " + typeName + ": " + e.getMessage(), e);
    }
    long periodNanos = (long) (1e9 / rate);
    long next = System.nanoTime();
    for (long i = 0; count == 0 || i < count; i++) {
      try {
        GraphConnection.await(ros.client().publish(topic, message));
      } catch (PyrosException e) {
        throw explain(e, ErrorCode.BAD_MESSAGE, "cannot publish " + typeName + " on " + topic);
      }
      if (count == 0 || i + 1 < count) {
        next += periodNanos;
        pause(next - System.nanoTime());
      }
    }
    pause((long) (linger * 1e9));
    return 0;
  }

  /** Paces the messages (and the linger); interruption ends the command. */
  private static void pause(long nanos) {
    if (nanos <= 0) {
      return;
    }
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted", e);
    }
  }
}
