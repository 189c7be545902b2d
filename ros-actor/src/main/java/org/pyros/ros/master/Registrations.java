package org.pyros.ros.master;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kind of registration (publishers, subscribers, services or parameter subscribers): a
 * multimap from name to the registered (caller id, caller API) pairs, in registration order.
 * Services keep one provider per name, plus its {@code rosrpc://} address. Not thread-safe.
 */
final class Registrations {
  /** A node registered under a name. */
  record Registrant(String callerId, String callerApi) {}

  private final Map<String, List<Registrant>> map = new LinkedHashMap<>();
  /** Service name to (provider caller id, service API); only for services. */
  private final Map<String, Registrant> serviceApis = new LinkedHashMap<>();
  private boolean anyService;

  Set<String> keys() {
    return map.keySet();
  }

  boolean contains(String key) {
    return map.containsKey(key);
  }

  List<Registrant> get(String key) {
    return List.copyOf(map.getOrDefault(key, List.of()));
  }

  /** The caller APIs registered under {@code key}. */
  List<String> apis(String key) {
    List<String> apis = new ArrayList<>();
    for (Registrant r : map.getOrDefault(key, List.of())) {
      apis.add(r.callerApi());
    }
    return apis;
  }

  /** {@code [[name, [callerIds...]], ...]} as getSystemState sends it. */
  List<Object> state() {
    List<Object> out = new ArrayList<>();
    map.forEach((k, regs) -> {
      List<Object> ids = new ArrayList<>();
      regs.forEach(r -> ids.add(r.callerId()));
      out.add(List.of(k, ids));
    });
    return out;
  }

  /** The service's rosrpc address, or null. */
  String serviceApi(String service) {
    Registrant r = serviceApis.get(service);
    return r == null ? null : r.callerApi();
  }

  /** Adds a registration; with a {@code serviceApi} it replaces any earlier provider. */
  void register(String key, String callerId, String callerApi, String serviceApi) {
    Registrant r = new Registrant(callerId, callerApi);
    if (serviceApi != null) {
      List<Registrant> one = new ArrayList<>();
      one.add(r);
      map.put(key, one);
      serviceApis.put(key, new Registrant(callerId, serviceApi));
      anyService = true;
      return;
    }
    List<Registrant> regs = map.computeIfAbsent(key, k -> new ArrayList<>());
    if (!regs.contains(r)) {
      regs.add(r);
    }
  }

  /** Whether a service was ever registered here (rosmaster words a refusal differently). */
  boolean anyService() {
    return anyService;
  }

  /** Removes every registration of {@code callerId}. */
  void unregisterAll(String callerId) {
    for (Iterator<List<Registrant>> it = map.values().iterator(); it.hasNext(); ) {
      List<Registrant> regs = it.next();
      regs.removeIf(r -> r.callerId().equals(callerId));
      if (regs.isEmpty()) {
        it.remove();
      }
    }
    serviceApis.values().removeIf(r -> r.callerId().equals(callerId));
  }

  /** Removes one topic or parameter registration; the number removed (0 or 1). */
  int unregister(String key, String callerId, String callerApi) {
    List<Registrant> regs = map.get(key);
    if (regs == null || !regs.remove(new Registrant(callerId, callerApi))) {
      return 0;
    }
    if (regs.isEmpty()) {
      map.remove(key);
    }
    return 1;
  }

  /** Removes a service provider only if it is still the current one; 0 or 1. */
  int unregisterService(String key, String callerId, String serviceApi) {
    if (!new Registrant(callerId, serviceApi).equals(serviceApis.get(key))) {
      return 0;
    }
    serviceApis.remove(key);
    map.remove(key);
    return 1;
  }
}
