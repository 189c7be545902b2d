package org.pyros.ros.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Name resolution as the ROS wiki's "Names" and "Remapping Arguments" tables give it. */
class RosNameResolverTest {

  /** The wiki's "Names" table: node, name as written, resolved name. */
  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource({
      "/node1,     bar,      /bar",
      "/node1,     /bar,     /bar",
      "/node1,     ~bar,     /node1/bar",
      "/wg/node2,  bar,      /wg/bar",
      "/wg/node2,  /bar,     /bar",
      "/wg/node2,  ~bar,     /wg/node2/bar",
      "/wg/node3,  foo/bar,  /wg/foo/bar",
      "/wg/node3,  /foo/bar, /foo/bar",
      "/wg/node3,  ~foo/bar, /wg/node3/foo/bar",
      "/wg/node3,  foo//bar/, /wg/foo/bar",
  })
  void resolvesAsTheNamesPageSays(String node, String name, String resolved) {
    assertEquals(resolved, RosNameResolver.of(node).resolve(name));
  }

  /** The wiki's "Remapping Arguments" table: node namespace, remapping, names that match, final name. */
  @ParameterizedTest(name = "ns {0}, {1}: {2} -> {3}")
  @CsvSource({
      "/,     foo:=bar,            foo,  /bar",
      "/,     foo:=bar,            /foo, /bar",
      "/baz,  foo:=bar,            foo,  /baz/bar",
      "/baz,  foo:=bar,            /baz/foo, /baz/bar",
      "/,     /foo:=bar,           foo,  /bar",
      "/,     /foo:=bar,           /foo, /bar",
      "/baz,  /foo:=bar,           /foo, /baz/bar",
      "/baz,  /foo:=/a/b/c/bar,    /foo, /a/b/c/bar",
  })
  void remapsAsTheRemappingPageSays(String ns, String remap, String name, String resolved) {
    RosArguments args = RosArguments.parse(List.of(remap));
    RosNameResolver names = RosNameResolver.of(RosSettings.globalName(ns, "node"), args.remappings());
    assertEquals(resolved, names.resolve(name));
  }

  @Test
  void aNameThatIsNotRemappedOnlyResolves() {
    RosNameResolver names = RosNameResolver.of("/baz/node", Map.of("foo", "bar"));
    assertEquals("/foo", names.resolve("/foo"));
    assertEquals("/baz/other", names.resolve("other"));
  }

  @Test
  void privateRemappingsResolveAgainstTheNode() {
    RosNameResolver names = RosNameResolver.of("/robot/driver", Map.of("~cmd", "/cmd_vel", "scan", "~laser"));
    assertEquals("/cmd_vel", names.resolve("~cmd"));
    assertEquals("/cmd_vel", names.resolve("/robot/driver/cmd"));
    assertEquals("/robot/driver/laser", names.resolve("scan"));
    assertEquals("/robot", names.namespace());
  }

  @Test
  void illegalNamesAreRefusedSayingWhy() {
    RosNameResolver names = RosNameResolver.of("/node");
    for (String bad : List.of("", "1abc", "foo-bar", "a~b", "foo bar", "%x")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> names.resolve(bad), bad);
      assertTrue(e.getMessage().contains("ROS"), e.getMessage());
    }
    assertEquals("/node", names.resolve("~")); // "~" alone is the node itself
    assertThrows(IllegalArgumentException.class, () -> RosNameResolver.of("/node", Map.of("a-b", "c")));
    assertThrows(IllegalArgumentException.class, () -> RosNameResolver.of("relative"));
  }

  @Test
  void specialKeysOverrideTheSettings() {
    RosSettings base = RosSettings.forMaster("/pyros", URI.create("http://127.0.0.1:11311"));
    RosSettings s = base.withArguments(RosArguments.parse(List.of("__ns:=/robot", "__name:=pyros_r",
        "__master:=http://127.0.0.2:1234", "__ip:=127.0.0.3", "chatter:=/remapped", "__log:=/tmp/x.log")));
    assertEquals("/robot/pyros_r", s.nodeName());
    assertEquals(URI.create("http://127.0.0.2:1234"), s.masterUri());
    assertEquals("127.0.0.3", s.hostname());
    assertEquals("127.0.0.3", s.bindAddress());
    assertEquals("/remapped", s.names().resolve("chatter"));
    assertEquals("/robot/other", s.names().resolve("other"));
    assertEquals("/robot", s.namespace());
    // __hostname wins over __ip, as in rosgraph.network
    RosSettings h = base.withArguments(RosArguments.parse(List.of("__hostname:=localhost", "__ip:=127.0.0.3")));
    assertEquals("localhost", h.hostname());
    // a relative __ns is made global; __name alone keeps the namespace
    assertEquals("/ns1/pyros", base.withArguments(RosArguments.parse(List.of("__ns:=ns1"))).nodeName());
    assertEquals("/ns1/n", base.withArguments(RosArguments.parse(List.of("__ns:=/ns1")))
        .withArguments(RosArguments.parse(List.of("__name:=n"))).nodeName());
  }

  @Test
  void badArgumentsAreRefusedSayingWhich() {
    for (String bad : List.of("__name:=a/b", "__name:=~a", "__ns:=~x", "__master:=nope", "__master:=ftp://h:1/",
        "__bogus:=1", "_rate:=10", "a-b:=c", "chatter:=", ":=x", "a:=b c")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RosArguments.parse(List.of(bad)), bad);
      assertTrue(e.getMessage().contains(bad.substring(0, Math.min(bad.length(), 2))) || e.getMessage().contains("ROS"),
          e.getMessage());
    }
  }

  @Test
  void rosArgumentsAreToldFromAProgramsOwn() {
    assertEquals(List.of("__ns:=/a", "chatter:=/x", "~p:=q"),
        RosArguments.among(new String[] {"echo", "chatter", "{\"data\": \"a:=b\"}", "__ns:=/a", "chatter:=/x", "~p:=q", "-n", "1"}));
  }

  @Test
  void theConfigurationsArgumentsApply() {
    RosSettings s = RosSettings.fromConfig(ConfigFactory.parseString(
        "pyros.ros.namespace = /ns1\npyros.ros.arguments = [\"chatter:=/remapped\", \"__name:=cfg\"]")
        .withFallback(ConfigFactory.defaultReference()));
    assertEquals("/ns1/cfg", s.nodeName());
    assertEquals("/remapped", s.names().resolve("chatter"));
    assertEquals("/ns1/x", s.names().resolve("x"));
  }
}
