package org.pyros.ros.msg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.error.PyrosException;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.ServiceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message and service types a node knows: loaded on first use from {@code .msg}/{@code .srv}
 * files, or registered from text or from a peer's {@code message_definition}, then cached.
 *
 * <p>A type {@code pkg/Name} is looked for as {@code <root>/pkg/msg/Name.msg} (services:
 * {@code srv/Name.srv}) under each search root in order, and as {@code <root>/msg/Name.msg}
 * when a root is itself the package {@code pkg}. {@link #fromEnvironment()} searches the
 * entries of ROS_PACKAGE_PATH and the packages found below them (as rospack crawls them), the
 * {@code share} folder of each CMAKE_PREFIX_PATH entry, and Debian's {@code /usr/share}. A type
 * of the common packages found on none of them is taken from the definitions bundled in the
 * jar ({@link BundledDefinitions}). Thread-safe.
 */
public final class MessageTypes implements TypeResolver {
  private static final Logger LOG = LoggerFactory.getLogger(MessageTypes.class);

  private final List<Path> roots;
  private final Map<String, MessageType> messages = new ConcurrentHashMap<>();
  private final Map<String, ServiceType> services = new ConcurrentHashMap<>();
  private final Md5Sums md5Sums = new Md5Sums();
  // Loading recurses into nested types; one reentrant lock keeps it simple and cycle-safe.
  private final ReentrantLock loadLock = new ReentrantLock();
  private final Set<String> loading = new LinkedHashSet<>();

  /** Types found under these roots, searched in order. */
  public MessageTypes(List<Path> searchRoots) {
    this.roots = List.copyOf(searchRoots);
  }

  /** Types found where ROS looks for them on this machine (see the class doc). */
  public static MessageTypes fromEnvironment() {
    return new MessageTypes(searchRoots(System.getenv()));
  }

  /** How deep below a ROS_PACKAGE_PATH entry packages are looked for (ws/src/repo/group/pkg is 3). */
  static final int PACKAGE_CRAWL_DEPTH = 8;

  /**
   * The search roots for an environment: each ROS_PACKAGE_PATH entry followed by the packages
   * below it, CMAKE_PREFIX_PATH shares, /usr/share.
   */
  public static List<Path> searchRoots(Map<String, String> env) {
    Set<Path> out = new LinkedHashSet<>();
    for (String entry : pathList(env.get("ROS_PACKAGE_PATH"))) {
      out.add(Path.of(entry));
      out.addAll(packagesBelow(Path.of(entry)));
    }
    for (String entry : pathList(env.get("CMAKE_PREFIX_PATH"))) {
      out.add(Path.of(entry, "share"));
    }
    out.add(Path.of("/usr/share"));
    return List.copyOf(out);
  }

  /**
   * The package folders below {@code root}, as rospack finds them: a folder holding a
   * {@code package.xml} (or a rosbuild {@code manifest.xml}) is a package, named by the folder,
   * and is not looked into; folders holding {@code CATKIN_IGNORE} or {@code rospack_nosubdirs},
   * and hidden ones, are skipped. A catkin workspace's {@code src} on ROS_PACKAGE_PATH thus finds
   * packages nested in repositories.
   */
  static List<Path> packagesBelow(Path root) {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(root) || isPackage(root)) {
      return found; // a package on the path is searched as itself
    }
    try {
      Files.walkFileTree(root, Set.of(FileVisitOption.FOLLOW_LINKS), PACKAGE_CRAWL_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (!dir.equals(root)) {
                String name = dir.getFileName().toString();
                if (name.startsWith(".") || Files.exists(dir.resolve("CATKIN_IGNORE"))) {
                  return FileVisitResult.SKIP_SUBTREE;
                }
                if (isPackage(dir)) {
                  found.add(dir);
                  return FileVisitResult.SKIP_SUBTREE;
                }
              }
              return Files.exists(dir.resolve("rospack_nosubdirs"))
                  ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE; // unreadable folders, link loops
            }
          });
    } catch (IOException e) {
      LOG.warn("Cannot look for packages below {}: {}", root, e.getMessage());
    }
    found.sort(null);
    return found;
  }

  private static boolean isPackage(Path dir) {
    return Files.isRegularFile(dir.resolve("package.xml")) || Files.isRegularFile(dir.resolve("manifest.xml"));
  }

  private static List<String> pathList(String value) {
    List<String> out = new ArrayList<>();
    if (value != null) {
      for (String s : value.split(java.io.File.pathSeparator)) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  /** The roots searched for definition files, in order. */
  public List<Path> searchRoots() {
    return roots;
  }

  /** Same as {@link #messageType(String)}, for parsing nested fields. */
  @Override
  public MessageType resolve(String fullName) {
    return messageType(fullName);
  }

  /**
   * The message type of that name ({@code pkg/Name}, or {@code Header}).
   *
   * @throws PyrosException with {@code UNKNOWN_TYPE} naming the type and the places searched
   *     when there is no definition, or when its text is not valid
   */
  public MessageType messageType(String fullName) {
    String name = "Header".equals(fullName) ? "std_msgs/Header" : fullName;
    MessageType known = messages.get(name);
    if (known != null) {
      return known;
    }
    MessageTextParser.checkTypeName(name);
    loadLock.lock();
    try {
      known = messages.get(name);
      if (known != null) {
        return known;
      }
      if (!loading.add(name)) {
        throw new PyrosException(ErrorCode.UNKNOWN_TYPE, "type " + name + " contains itself: " + loading);
      }
      try {
        String[] pkgAndName = name.split("/");
        Definition d = find(pkgAndName[0], "msg", pkgAndName[1] + ".msg", name);
        MessageType type = MessageTextParser.parseMessage(name, d.text(), this);
        messages.put(name, type);
        LOG.debug("loaded message type {} from {}", name, d.origin());
        return type;
      } finally {
        loading.remove(name);
      }
    } finally {
      loadLock.unlock();
    }
  }

  /**
   * The service type of that name ({@code pkg/Name}).
   *
   * @throws PyrosException with {@code UNKNOWN_TYPE} naming the type and the places searched
   */
  public ServiceType serviceType(String fullName) {
    ServiceType known = services.get(fullName);
    if (known != null) {
      return known;
    }
    MessageTextParser.checkTypeName(fullName);
    loadLock.lock();
    try {
      known = services.get(fullName);
      if (known != null) {
        return known;
      }
      String[] pkgAndName = fullName.split("/");
      Definition d = find(pkgAndName[0], "srv", pkgAndName[1] + ".srv", fullName);
      ServiceType type = MessageTextParser.parseService(fullName, d.text(), this);
      services.put(fullName, type);
      LOG.debug("loaded service type {} from {}", fullName, d.origin());
      return type;
    } finally {
      loadLock.unlock();
    }
  }

  /** Registers (or replaces) a message type from .msg text; nested types resolve through this registry. */
  public MessageType register(String fullName, String msgText) {
    MessageType type = logged(() -> MessageTextParser.parseMessage(fullName, msgText, this));
    messages.put(fullName, type);
    return type;
  }

  /** Registers (or replaces) a service type from .srv text. */
  public ServiceType registerService(String fullName, String srvText) {
    ServiceType type = logged(() -> MessageTextParser.parseService(fullName, srvText, this));
    services.put(fullName, type);
    return type;
  }

  /**
   * Builds a type from a peer's {@code message_definition} and registers it, with each nested
   * type this registry did not know yet. Nested types the definition lacks resolve through this
   * registry. Returns the type as the definition describes it.
   */
  public MessageType registerDefinition(String fullName, String messageDefinition) {
    MessageType type = logged(() -> MessageDefinitions.parse(fullName, messageDefinition, this));
    messages.put(fullName, type);
    MessageDefinitions.nestedTypes(type).forEach(messages::putIfAbsent);
    return type;
  }

  /** The md5sum of a message type, as {@code rosmsg md5} prints it. */
  public String md5(MessageType type) {
    return md5Sums.md5(type);
  }

  /** The md5sum of the message type of that name. */
  public String md5(String messageTypeName) {
    return md5Sums.md5(messageType(messageTypeName));
  }

  /** The md5sum of a service type, as {@code rossrv md5} prints it. */
  public String md5(ServiceType type) {
    return md5Sums.md5(type);
  }

  /** The md5sum of the service type of that name. */
  public String serviceMd5(String serviceTypeName) {
    return md5Sums.md5(serviceType(serviceTypeName));
  }

  /** The full {@code message_definition} of the message type of that name. */
  public String messageDefinition(String messageTypeName) {
    return MessageDefinitions.fullText(messageType(messageTypeName));
  }

  private static <T> T logged(java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (PyrosException e) {
      LOG.warn("cannot register type: {}", e.getMessage());
      throw e;
    }
  }

  /** A definition's text and where it came from. */
  private record Definition(String origin, String text) {}

  /** The definition on the search path, else the bundled one; a definition on the path wins. */
  private Definition find(String pkg, String kind, String fileName, String typeName) {
    List<Path> tried = new ArrayList<>();
    Path found = locate(pkg, kind, fileName, tried);
    if (found != null) {
      return new Definition(found.toString(), read(found, typeName));
    }
    String bundled = BundledDefinitions.text(pkg, kind, fileName);
    if (bundled != null) {
      return new Definition(BundledDefinitions.origin(pkg, kind, fileName), bundled);
    }
    String what = kind.equals("srv") ? "service" : "message";
    String text = "unknown " + what + " type '" + typeName + "': no definition found, tried " + tried
        + " (set ROS_PACKAGE_PATH or CMAKE_PREFIX_PATH, or register the type)";
    LOG.warn(text);
    throw new PyrosException(ErrorCode.UNKNOWN_TYPE, text);
  }

  /** The definition file on the search path, or null; every path looked at is added to {@code tried}. */
  private Path locate(String pkg, String kind, String fileName, List<Path> tried) {
    for (Path root : roots) {
      Path candidate = root.resolve(pkg).resolve(kind).resolve(fileName);
      tried.add(candidate);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      if (root.getFileName() != null && root.getFileName().toString().equals(pkg)) {
        Path own = root.resolve(kind).resolve(fileName);
        tried.add(own);
        if (Files.isRegularFile(own)) {
          return own;
        }
      }
    }
    return null;
  }

  /**
   * True when the type is registered or its definition is on the search path, without loading
   * it. {@code kind} is {@code msg} or {@code srv}.
   */
  public boolean isAvailable(String fullName, String kind) {
    if (kind.equals("msg") ? messages.containsKey(fullName) : services.containsKey(fullName)) {
      return true;
    }
    String[] pkgAndName = fullName.split("/");
    return pkgAndName.length == 2 && (locate(pkgAndName[0], kind, pkgAndName[1] + "." + kind, new ArrayList<>()) != null
        || BundledDefinitions.text(pkgAndName[0], kind, pkgAndName[1] + "." + kind) != null);
  }


  private static String read(Path file, String typeName) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PyrosException(ErrorCode.UNKNOWN_TYPE, "cannot read " + file + " for " + typeName + ": " + e, e);
    }
  }
}
