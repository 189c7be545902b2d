package org.pyros.core.node;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.system.GraphSystem;
import org.pyros.core.system.Registration;

/** A system that counts the live subscriptions per topic of whoever uses it; the rest goes to the real system. */
final class SubscriptionCount {
  private final ConcurrentHashMap<String, AtomicInteger> live = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicInteger> made = new ConcurrentHashMap<>();
  final GraphSystem system;

  SubscriptionCount(GraphSystem real) {
    this.system = (GraphSystem) Proxy.newProxyInstance(GraphSystem.class.getClassLoader(), new Class<?>[] {GraphSystem.class},
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (!method.getName().equals("subscribe")) {
            return result;
          }
          String topic = ((TopicInfo) args[0]).name();
          @SuppressWarnings("unchecked")
          CompletionStage<Registration> subscribed = (CompletionStage<Registration>) result;
          return subscribed.thenApply(r -> {
            counter(made, topic).incrementAndGet();
            counter(live, topic).incrementAndGet();
            return Registration.once(() -> {
              counter(live, topic).decrementAndGet();
              r.cancel();
            });
          });
        });
  }

  /** Subscriptions to {@code topic} not cancelled yet. */
  int live(String topic) {
    return counter(live, topic).get();
  }

  /** Subscriptions to {@code topic} ever made. */
  int made(String topic) {
    return counter(made, topic).get();
  }

  private static AtomicInteger counter(ConcurrentHashMap<String, AtomicInteger> map, String topic) {
    return map.computeIfAbsent(topic, t -> new AtomicInteger());
  }
}
