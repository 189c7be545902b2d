package org.pyros.ros2.msg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ROS 2 message and service types a system knows, loaded on first use and cached: from the
 * {@code share} folders given (as ament installs them, {@code <share>/<pkg>/msg/<T>.msg} and
 * {@code srv/<S>.srv}), else from the definitions bundled with Pyros (builtin_interfaces,
 * std_msgs, geometry_msgs, sensor_msgs, nav_msgs, std_srvs, rcl_interfaces, rmw_dds_common,
 * example_interfaces/AddTwoInts), or registered from text. A definition in a share folder wins
 * over the bundled one. Names are {@code pkg/msg/T} and {@code pkg/srv/S}; {@code pkg/T} is
 * accepted. Thread-safe.
 */
public final class Ros2Types {
  private static final Logger LOG = LoggerFactory.getLogger(Ros2Types.class);
  /** Where the bundled definitions are, as class path resources. */
  public static final String BUNDLE = "/org/pyros/ros2/interfaces/";
  /** The bundle's list of its definitions ({@code pkg/msg/T} or {@code pkg/srv/S}, one a line). */
  public static final String BUNDLE_INDEX = BUNDLE + "index.txt";

  private final List<Path> shares;
  private final Map<String, Ros2Type> messages = new ConcurrentHashMap<>();
  private final Map<String, Ros2Service> services = new ConcurrentHashMap<>();
  // Loading recurses into nested types; one reentrant lock keeps it simple and cycle-safe.
  private final ReentrantLock loadLock = new ReentrantLock();
  private final Set<String> loading = new LinkedHashSet<>();

  /** Types from these share folders (searched in order), then the bundled ones. */
  public Ros2Types(List<Path> shareFolders) {
    this.shares = List.copyOf(shareFolders);
  }

  /** The bundled types only. */
  public static Ros2Types bundled() {
    return new Ros2Types(List.of());
  }

  /** Types from {@code <prefix>/share} of each prefix, then the bundled ones. */
  public static Ros2Types fromPrefixes(List<Path> prefixes) {
    return new Ros2Types(prefixes.stream().map(p -> p.resolve("share")).toList());
  }

  /** Types from the prefixes of AMENT_PREFIX_PATH (as a sourced ROS 2 shell has it), then the bundled ones. */
  public static Ros2Types fromEnvironment() {
    return fromPrefixes(prefixes(System.getenv("AMENT_PREFIX_PATH")));
  }

  /** The entries of a path list such as AMENT_PREFIX_PATH (blank entries skipped). */
  public static List<Path> prefixes(String pathList) {
    List<Path> out = new ArrayList<>();
    if (pathList != null) {
      for (String s : pathList.split(java.io.File.pathSeparator)) {
        if (!s.isBlank()) {
          out.add(Path.of(s.strip()));
        }
      }
    }
    return out;
  }

  /** The share folders searched before the bundle. */
  public List<Path> shareFolders() {
    return shares;
  }

  /** Every definition bundled with Pyros, as listed in its index ({@code pkg/msg/T}, {@code pkg/srv/S}). */
  public static List<String> bundledNames() {
    String index = resource(BUNDLE_INDEX);
    if (index == null) {
      throw new IllegalStateException("the bundled ROS 2 interfaces have no index " + BUNDLE_INDEX);
    }
    List<String> out = new ArrayList<>();
    for (String line : index.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        out.add(line.strip());
      }
    }
    return out;
  }

  /**
   * The ROS 2 type of that name: {@code pkg/msg/T}, {@code pkg/T}, or a service part
   * {@code pkg/srv/S_Request} / {@code pkg/srv/S_Response}.
   *
   * @throws PyrosException with {@code UNKNOWN_TYPE} naming the type and the places searched when
   *     there is no definition, or when its text is not valid
   */
  public Ros2Type type(String name) {
    String full = canonical(name, "msg");
    Ros2Type known = messages.get(full);
    if (known != null) {
      return known;
    }
    String[] p = full.split("/");
    if (p[1].equals("srv")) {
      int u = p[2].lastIndexOf('_');
      String part = u < 0 ? "" : p[2].substring(u + 1);
      if (part.equals("Request") || part.equals("Response")) {
        Ros2Service s = service(p[0] + "/srv/" + p[2].substring(0, u));
        return part.equals("Request") ? s.request() : s.response();
      }
      throw new PyrosException(ErrorCode.UNKNOWN_TYPE, "'" + name + "' is a service; its messages are "
          + full + "_Request and " + full + "_Response");
    }
    if (!p[1].equals("msg")) {
      throw new PyrosException(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + name + "': only msg and srv interfaces are supported");
    }
    loadLock.lock();
    try {
      known = messages.get(full);
      if (known != null) {
        return known;
      }
      if (!loading.add(full)) {
        throw new PyrosException(ErrorCode.UNKNOWN_TYPE, "type " + full + " contains itself: " + loading);
      }
      try {
        String text = definition(p[0], "msg", p[2] + ".msg", full);
        Ros2Type type = InterfaceTextParser.parseMessage(full, text, this::type);
        messages.put(full, type);
        return type;
      } finally {
        loading.remove(full);
      }
    } finally {
      loadLock.unlock();
    }
  }

  /** The core view of {@link #type(String)}. */
  public MessageType messageType(String name) {
    return type(name).messageType();
  }

  /**
   * The ROS 2 view of a core type: the registered type of its name when that is the same type,
   * else the type itself with no bounds or defaults.
   */
  public Ros2Type type(MessageType type) {
    try {
      Ros2Type known = type(type.name());
      if (known.messageType().equals(type)) {
        return known;
      }
    } catch (PyrosException | IllegalArgumentException e) {
      // not a registered ROS 2 type: take it as it is
    }
    return Ros2Type.of(type);
  }

  /**
   * The ROS 2 service type of that name ({@code pkg/srv/S} or {@code pkg/S}).
   *
   * @throws PyrosException with {@code UNKNOWN_TYPE} naming the type and the places searched
   */
  public Ros2Service service(String name) {
    String full = canonical(name, "srv");
    Ros2Service known = services.get(full);
    if (known != null) {
      return known;
    }
    String[] p = full.split("/");
    if (!p[1].equals("srv")) {
      throw new PyrosException(ErrorCode.UNKNOWN_TYPE, "'" + name + "' is not a service type (pkg/srv/Name)");
    }
    loadLock.lock();
    try {
      known = services.get(full);
      if (known != null) {
        return known;
      }
      String text = definition(p[0], "srv", p[2] + ".srv", full);
      Ros2Service s = InterfaceTextParser.parseService(full, text, this::type);
      services.put(full, s);
      return s;
    } finally {
      loadLock.unlock();
    }
  }

  /** The core view of {@link #service(String)}: request {@code pkg/srv/S_Request}, response {@code pkg/srv/S_Response}. */
  public ServiceType serviceType(String name) {
    return service(name).serviceType();
  }

  /** A message of that type with the definition's default values (and zero, empty, false elsewhere). */
  public Message defaultMessage(String name) {
    return type(name).defaultMessage();
  }

  /** A message of that core type with the definition's default values. */
  public Message defaultMessage(MessageType type) {
    return type(type).defaultMessage();
  }

  /** The DDS type name of a message type: {@code pkg/msg/T} → {@code pkg::msg::dds_::T_}. */
  public String ddsTypeName(String name) {
    return Ros2Names.ddsTypeName(name);
  }

  /** Registers (or replaces) a message type from .msg text; nested types resolve through this registry. */
  public Ros2Type register(String name, String msgText) {
    String full = canonical(name, "msg");
    Ros2Type type = logged(() -> InterfaceTextParser.parseMessage(full, msgText, this::type));
    messages.put(full, type);
    return type;
  }

  /** Registers (or replaces) a service type from .srv text. */
  public Ros2Service registerService(String name, String srvText) {
    String full = canonical(name, "srv");
    Ros2Service s = logged(() -> InterfaceTextParser.parseService(full, srvText, this::type));
    services.put(full, s);
    return s;
  }

  private static String canonical(String name, String kind) {
    try {
      return Ros2Names.canonicalTypeName(name, kind);
    } catch (IllegalArgumentException e) {
      throw new PyrosException(ErrorCode.UNKNOWN_TYPE, e.getMessage());
    }
  }

  private static <T> T logged(java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (PyrosException e) {
      LOG.warn("cannot register type: {}", e.getMessage());
      throw e;
    }
  }

  /** The text of a definition: the first share folder that has it, else the bundle. */
  private String definition(String pkg, String kind, String fileName, String typeName) {
    List<String> tried = new ArrayList<>();
    for (Path share : shares) {
      Path file = share.resolve(pkg).resolve(kind).resolve(fileName);
      tried.add(file.toString());
      if (Files.isRegularFile(file)) {
        try {
          String text = Files.readString(file, StandardCharsets.UTF_8);
          LOG.debug("loading {} from {}", typeName, file);
          return text;
        } catch (IOException e) {
          throw new PyrosException(ErrorCode.UNKNOWN_TYPE, "cannot read " + file + " for " + typeName + ": " + e, e);
        }
      }
    }
    String path = BUNDLE + pkg + "/" + kind + "/" + fileName;
    tried.add("classpath:" + path);
    String text = resource(path);
    if (text != null) {
      return text;
    }
    String what = kind.equals("srv") ? "service" : "message";
    String problem = "unknown " + what + " type '" + typeName + "': no definition found, tried " + tried
        + " (set AMENT_PREFIX_PATH, or register the type)";
    LOG.warn(problem);
    throw new PyrosException(ErrorCode.UNKNOWN_TYPE, problem);
  }

  private static String resource(String path) {
    try (InputStream in = Ros2Types.class.getResourceAsStream(path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PyrosException(ErrorCode.UNKNOWN_TYPE, "cannot read bundled " + path + ": " + e, e);
    }
  }
}
