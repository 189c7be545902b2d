package org.pyros.cli;

import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.pyros.core.graph.TopicInfo;
import picocli.CommandLine.Command;

/** {@code pyros topics}: the topics in the graph with their types, like {@code rostopic list -v}. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "List the topics in the graph, one 'NAME TYPE' per line.")
final class TopicsCommand extends GraphCommand implements AnsweredByMaster {
  @Override
  boolean onRos2() {
    return true;
  }

  @Override
  int run(GraphConnection ros) {
    var expected = ros.graphTopics().keySet();
    List<TopicInfo> topics = ros.poll(() -> ros.client().topics(),
        seen -> seen.stream().map(TopicInfo::name).toList().containsAll(expected));
    topics.stream().sorted(Comparator.comparing(TopicInfo::name)).forEach(t -> print(t.name() + " " + t.type()));
    return 0;
  }

  @Override
  public int runOnMaster(MasterConnection master, String callerId) {
    new TreeMap<>(master.topics()).forEach((name, type) -> print(name + " " + type));
    return 0;
  }
}
