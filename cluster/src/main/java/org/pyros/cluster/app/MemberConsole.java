package org.pyros.cluster.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.MemberStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.pyros.cluster.PyrosCluster;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.StandardTypes;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.core.node.ServiceRequest;
import org.pyros.core.node.TopicEvent;

/**
 * A line protocol on stdin/stdout to drive a member by hand or from a test. Each request line is
 * {@code [id] COMMAND args}; each answer is {@code id OK ...} or {@code id ERR CODE message}
 * (id {@code -} when none was given). Subscriptions print {@code EVENT topic RECEIVED|GAP|ENDED
 * text}. On start it prints {@code UP address} once the member is up. Logs go to stderr.
 *
 * <pre>
 * HOSTING                 whether this JVM hosts the node
 * LINK                    host:port of the request link this JVM's client uses, or none
 * MEMBERS                 number of members up
 * PUB topic text          publishes std_msgs/String
 * SUB topic               subscribes; events follow as EVENT lines
 * CALL service true|false calls a std_srvs/SetBool service
 * PROVIDE service         provides a std_srvs/SetBool service, answered in this JVM
 * SETPARAM name value     sets a param (an integer when it parses as one, else a string)
 * SETPARAM_UNSERIALIZABLE name   sets a param to a java.util.UUID, which cannot cross JVMs
 * GETPARAM name           reads a param
 * TOPICS | SERVICES | PARAMS     lists what the node exposes
 * METER name topic        the sum of this member's counters {@code name} tagged with {@code topic}
 * QUIT                    leaves the cluster and exits
 * </pre>
 */
final class MemberConsole {
  private final ActorSystem<?> system;
  private final PyrosCluster cluster;
  private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  MemberConsole(ActorSystem<?> system, PyrosCluster cluster) {
    this.system = system;
    this.cluster = cluster;
    cluster.metrics().bindTo(meters);
  }

  /** Prints UP when the member is up, then serves stdin until it ends or QUIT. */
  void run() throws IOException {
    org.apache.pekko.cluster.Cluster classic = org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system));
    classic.registerOnMemberUp(() -> line("UP " + classic.selfAddress() + " roles=" + String.join(",", classic.getSelfRoles())));
    system.getWhenTerminated().thenRun(() -> {
      line("TERMINATED");
      System.exit(0);
    });
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String text;
    while ((text = in.readLine()) != null) {
      if (!text.isBlank()) {
        handle(text.trim());
      }
    }
    // Stdin closed (the driving process went away): leave the cluster.
    system.terminate();
  }

  private void handle(String text) {
    String[] parts = text.split(" ", 2);
    String id = "-";
    if (parts[0].matches("\\d+")) {
      id = parts[0];
      text = parts.length > 1 ? parts[1] : "";
    }
    String[] words = text.split(" ", 3);
    String command = words[0].toUpperCase(java.util.Locale.ROOT);
    String a1 = words.length > 1 ? words[1] : "";
    String a2 = words.length > 2 ? words[2] : "";
    String rid = id;
    try {
      switch (command) {
        case "HOSTING" -> line(rid + " OK HOSTING " + cluster.hostsNode());
        case "LINK" -> line(rid + " OK LINK " + cluster.requestLink().map(a -> a.getHostString() + ":" + a.getPort()).orElse("none"));
        case "MEMBERS" -> {
          long up = 0;
          for (org.apache.pekko.cluster.Member m : org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).state().getMembers()) {
            if (m.status() == MemberStatus.up()) {
              up++;
            }
          }
          line(rid + " OK MEMBERS " + up);
        }
        case "PUB" -> answer(rid, "PUB", cluster.client().publish(a1,
            Message.builder(StandardTypes.STRING).set("data", a2).build()).thenApply(d -> ""));
        case "SUB" -> answer(rid, "SUB", cluster.client().subscribeEvents(a1, this::event).thenApply(s -> a1));
        case "CALL" -> answer(rid, "CALL", cluster.client().call(a1,
            Message.builder(StandardTypes.SET_BOOL.request()).set("data", Boolean.parseBoolean(a2)).build())
            .thenApply(Message::toString));
        case "PROVIDE" -> answer(rid, "PROVIDE", provide(a1));
        case "SETPARAM" -> answer(rid, "SETPARAM", cluster.client().setParam(a1, parse(a2)).thenApply(d -> ""));
        case "SETPARAM_UNSERIALIZABLE" -> answer(rid, "SETPARAM", cluster.client().setParam(a1, UUID.randomUUID()).thenApply(d -> ""));
        case "GETPARAM" -> answer(rid, "GETPARAM", cluster.client().param(a1).thenApply(v -> v.map(String::valueOf).orElse("<none>")));
        case "TOPICS" -> answer(rid, "TOPICS", cluster.client().topics()
            .thenApply(l -> String.join(",", l.stream().map(TopicInfo::name).sorted().toList())));
        case "SERVICES" -> answer(rid, "SERVICES", cluster.client().services()
            .thenApply(l -> String.join(",", l.stream().map(ServiceInfo::name).sorted().toList())));
        case "PARAMS" -> answer(rid, "PARAMS", cluster.client().params().thenApply(l -> String.join(",", l)));
        case "METER" -> line(rid + " OK METER " + meters.find(a1).tag("topic", a2).functionCounters().stream()
            .mapToDouble(FunctionCounter::count).sum());
        case "QUIT" -> {
          line(rid + " OK QUIT");
          system.terminate();
        }
        default -> line(rid + " ERR BAD_REQUEST unknown command " + command);
      }
    } catch (RuntimeException e) {
      PyrosException p = PyrosException.of(e, ErrorCode.BAD_MESSAGE);
      line(rid + " ERR " + p.code() + " " + oneLine(p.getMessage()));
    }
  }

  /** Provides a SetBool service whose answer names this member, through the node protocol. */
  private CompletionStage<String> provide(String service) {
    String me = org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).selfAddress().hostPort();
    ActorRef<ServiceRequest> handler = system.systemActorOf(Behaviors.receiveMessage((ServiceRequest r) -> {
      r.replyTo().tell(Reply.ok(Message.builder(StandardTypes.SET_BOOL.response())
          .set("success", r.request().getBool("data")).set("message", "provided by " + me).build()));
      return Behaviors.same();
    }), "provider-" + UUID.randomUUID(), Props.empty());
    return AskPattern.<PyrosNode.Command, Reply<Done>>ask(cluster.node(),
            replyTo -> new PyrosNode.ProvideService(service, "std_srvs/SetBool", handler, replyTo),
            Duration.ofSeconds(5), system.scheduler())
        .thenApply(reply -> {
          reply.getOrThrow();
          return service;
        });
  }

  private void answer(String id, String what, CompletionStage<String> stage) {
    stage.whenComplete((value, failure) -> {
      if (failure == null) {
        line(id + " OK " + what + (value.isEmpty() ? "" : " " + oneLine(value)));
      } else {
        PyrosException p = PyrosException.of(failure, ErrorCode.SYSTEM_FAILURE);
        line(id + " ERR " + p.code() + " " + oneLine(p.getMessage()));
      }
    });
  }

  private void event(TopicEvent e) {
    if (e instanceof TopicEvent.Received r) {
      Object data = r.message().type().indexOf("data") >= 0 ? r.message().get("data") : r.message();
      line("EVENT " + e.topic() + " RECEIVED " + oneLine(String.valueOf(data)));
    } else if (e instanceof TopicEvent.Gap g) {
      line("EVENT " + e.topic() + " GAP " + oneLine(g.reason()));
    } else if (e instanceof TopicEvent.Ended end) {
      line("EVENT " + e.topic() + " ENDED " + oneLine(end.reason()));
    }
  }

  private static Object parse(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return value;
    }
  }

  private static String oneLine(String s) {
    return String.valueOf(s).replace('\n', ' ').replace('\r', ' ');
  }

  private synchronized void line(String s) {
    out.println(s);
  }

}
