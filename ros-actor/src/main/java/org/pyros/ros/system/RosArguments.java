package org.pyros.ros.system;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pyros.ros.master.RosNames;

/**
 * A node's ROS command-line arguments ({@code name:=value}, ROS wiki "Remapping Arguments"): the
 * special keys {@code __name}, {@code __ns}, {@code __master}, {@code __ip}, {@code __hostname}
 * (and {@code __log}, accepted and ignored as by Pyros, which logs through SLF4J), and remappings
 * {@code from:=to}. Private parameters ({@code _param:=value}) are refused: Pyros does not set them.
 *
 * @param special the special keys given, without their {@code __}
 * @param remappings the remappings as written, in order (a later one for a name wins)
 */
public record RosArguments(Map<String, String> special, Map<String, String> remappings) {
  // What rospy's myargv takes out of a command line: anything with ':=' after a name-like key.
  private static final Pattern ROS_ARGUMENT = Pattern.compile("[A-Za-z_~/][A-Za-z0-9_/~]*:=.*", Pattern.DOTALL);
  private static final List<String> SPECIAL = List.of("name", "ns", "master", "ip", "hostname", "log");

  public static final RosArguments NONE = new RosArguments(Map.of(), Map.of());

  public RosArguments {
    special = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(special));
    remappings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(remappings));
  }

  /** Whether {@code arg} is a ROS argument ({@code key:=value}) rather than a program's own. */
  public static boolean isRosArgument(String arg) {
    return ROS_ARGUMENT.matcher(arg).matches();
  }

  /**
   * Parses ROS arguments; each must be {@code key:=value}.
   *
   * @throws IllegalArgumentException naming the first argument that is malformed or unknown
   */
  public static RosArguments parse(List<String> args) {
    Map<String, String> special = new LinkedHashMap<>();
    Map<String, String> remappings = new LinkedHashMap<>();
    for (String arg : args) {
      int at = arg.indexOf(":=");
      if (at <= 0 || at == arg.length() - 2) {
        throw new IllegalArgumentException("'" + arg + "' is not a ROS argument: write name:=value");
      }
      String key = arg.substring(0, at);
      String value = arg.substring(at + 2);
      if (key.startsWith("__")) {
        String k = key.substring(2);
        if (!SPECIAL.contains(k)) {
          throw new IllegalArgumentException("unknown special ROS argument " + key + " (known: __name, __ns, __master, __ip, __hostname, __log)");
        }
        special.put(k, checkSpecial(k, value));
      } else if (key.startsWith("_")) {
        throw new IllegalArgumentException("private parameter arguments like " + arg + " are not supported; set the parameter with 'pyros param set'");
      } else {
        checkName(key, arg);
        checkName(value, arg);
        remappings.put(key, value);
      }
    }
    return new RosArguments(special, remappings);
  }

  private static void checkName(String name, String arg) {
    if (!RosNames.isLegal(name)) {
      throw new IllegalArgumentException("remapping " + arg + ": '" + name + "' is not a legal ROS name"
          + " (a letter, / or ~, then letters, digits, _ and /)");
    }
  }

  private static String checkSpecial(String key, String value) {
    switch (key) {
      case "name" -> {
        if (!RosNames.isLegalBaseName(value)) {
          throw new IllegalArgumentException("__name:=" + value + ": a node name is a base name (letters, digits, _; no / or ~)");
        }
      }
      case "ns" -> {
        if (!value.equals("/") && (!RosNames.isLegal(value) || value.startsWith("~"))) {
          throw new IllegalArgumentException("__ns:=" + value + ": not a legal ROS namespace");
        }
      }
      case "master" -> {
        URI uri;
        try {
          uri = URI.create(value);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("__master:=" + value + ": not a URI");
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
          throw new IllegalArgumentException("__master:=" + value + ": must look like http://HOST:PORT/");
        }
      }
      case "ip", "hostname" -> {
        if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
          throw new IllegalArgumentException("__" + key + ":=" + value + ": not a host");
        }
      }
      default -> { }
    }
    return value;
  }

  /** The value of special key {@code __key}, if given. */
  public Optional<String> special(String key) {
    return Optional.ofNullable(special.get(key));
  }

  /** These arguments followed by {@code later} (whose values win). */
  public RosArguments then(RosArguments later) {
    Map<String, String> s = new LinkedHashMap<>(special);
    s.putAll(later.special);
    Map<String, String> r = new LinkedHashMap<>(remappings);
    later.remappings.forEach((k, v) -> {
      r.remove(k);
      r.put(k, v);
    });
    return new RosArguments(s, r);
  }

  /** The ROS arguments among {@code args}, in order (rospy's {@code myargv} leaves the rest). */
  public static List<String> among(String[] args) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (isRosArgument(a)) {
        out.add(a);
      }
    }
    return out;
  }
}
