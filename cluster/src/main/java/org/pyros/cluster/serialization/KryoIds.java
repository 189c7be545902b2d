package org.pyros.cluster.serialization;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pinned Kryo registration ids ({@code kryo-ids.properties} next to this class): class name
 * ({@link Class#getTypeName()}) to id. Registration takes every id from here, never from the
 * order classes are listed in, so reordering code (a sealed interface's {@code permits}, say)
 * cannot change the wire format.
 */
final class KryoIds {
  /** The table on the class path. */
  static final String RESOURCE = "kryo-ids.properties";
  /** Ids below are Kryo's own. */
  static final int FIRST_ID = 100;

  private static final KryoIds PINNED = read(KryoIds.class.getResourceAsStream(RESOURCE), RESOURCE);

  private final Map<String, Integer> ids;

  private KryoIds(Map<String, Integer> ids) {
    this.ids = Collections.unmodifiableMap(ids);
  }

  /** The table shipped with this version. */
  static KryoIds pinned() {
    return PINNED;
  }

  /** The id of {@code type}; fails naming what to do when the table has none. */
  int of(Class<?> type) {
    Integer id = ids.get(type.getTypeName());
    if (id == null) {
      throw new IllegalStateException(type.getTypeName() + " crosses the wire but has no Kryo id: add a line '"
          + type.getTypeName() + " = " + nextFree() + "' to cluster/src/main/resources/org/pyros/cluster/serialization/"
          + RESOURCE + " (a NEW id, never a used one; see KryoIdsTest)");
    }
    return id;
  }

  /** Every class name and its id, in the table's order. */
  Map<String, Integer> all() {
    return ids;
  }

  /** The id a new class gets: one above the highest. */
  int nextFree() {
    return ids.values().stream().mapToInt(Integer::intValue).max().orElse(FIRST_ID - 1) + 1;
  }

  /**
   * Reads a table: lines {@code name = id}, {@code #} comments. A name or an id given twice, or
   * an id below {@link #FIRST_ID}, is an error.
   */
  static KryoIds read(InputStream table, String what) {
    if (table == null) {
      throw new IllegalStateException(what + " is not on the class path");
    }
    Map<String, Integer> ids = new LinkedHashMap<>();
    Map<Integer, String> names = new HashMap<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(table, StandardCharsets.UTF_8))) {
      String line;
      for (int n = 1; (line = in.readLine()) != null; n++) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        String name = eq < 0 ? "" : line.substring(0, eq).strip();
        int id;
        try {
          id = Integer.parseInt(line.substring(eq + 1).strip());
        } catch (NumberFormatException e) {
          id = -1;
        }
        if (name.isEmpty() || id < FIRST_ID) {
          throw new IllegalStateException(what + " line " + n + ": not 'class.Name = id' with an id of at least " + FIRST_ID + ": " + line);
        }
        if (ids.putIfAbsent(name, id) != null) {
          throw new IllegalStateException(what + " line " + n + ": " + name + " has an id already");
        }
        String other = names.putIfAbsent(id, name);
        if (other != null) {
          throw new IllegalStateException(what + " line " + n + ": id " + id + " is " + other + "'s already");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what, e);
    }
    return new KryoIds(ids);
  }
}
