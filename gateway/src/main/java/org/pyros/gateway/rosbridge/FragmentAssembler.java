package org.pyros.gateway.rosbridge;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts together messages a client sends in rosbridge {@code fragment}s: at most {@code maxOpen}
 * messages at once and {@code maxChars} per message, so a client cannot grow the heap with
 * fragments it never finishes (the oldest unfinished message is dropped for a new one).
 */
final class FragmentAssembler {
  private final int maxOpen;
  private final long maxChars;
  private final Map<String, Parts> open = new LinkedHashMap<>();

  private static final class Parts {
    final String[] data;
    int received;
    long chars;

    Parts(int total) {
      data = new String[total];
    }
  }

  FragmentAssembler(int maxOpen, long maxChars) {
    this.maxOpen = maxOpen;
    this.maxChars = maxChars;
  }

  /**
   * Adds fragment {@code num} of {@code total} of message {@code id}: the whole message once its
   * last fragment arrived, else null.
   *
   * @throws IllegalArgumentException for a fragment that does not fit (bad numbers, too long)
   */
  String add(String id, String data, int num, int total) {
    if (id == null || data == null) {
      throw new IllegalArgumentException("a fragment needs an id and data");
    }
    if (total <= 0 || total > maxChars || num < 0 || num >= total) {
      throw new IllegalArgumentException("fragment " + num + " of " + total + " is out of range");
    }
    Parts parts = open.get(id);
    if (parts == null) {
      if (open.size() >= maxOpen) {
        open.remove(open.keySet().iterator().next());
      }
      parts = new Parts(total);
      open.put(id, parts);
    }
    if (parts.data.length != total) {
      open.remove(id);
      throw new IllegalArgumentException("fragments of " + id + " disagree on their total");
    }
    if (parts.data[num] == null) {
      parts.chars += data.length();
      if (parts.chars > maxChars) {
        open.remove(id);
        throw new IllegalArgumentException("fragmented message " + id + " is longer than " + maxChars + " characters");
      }
      parts.data[num] = data;
      parts.received++;
    }
    if (parts.received < total) {
      return null;
    }
    open.remove(id);
    return String.join("", parts.data);
  }
}
