package org.pyros.cluster.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pyros.cluster.NodeHostProtocol;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.Primitive;
import org.pyros.core.node.LatestMessage;
import org.pyros.core.node.ParamValue;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.core.node.ServiceRequest;
import org.pyros.core.node.TopicEvent;

/**
 * The Kryo ids are the wire format between members, so they are pinned: the table shipped
 * ({@code kryo-ids.properties}) must keep every id of the pinned copy in the test resources,
 * every class that crosses the wire must have one, and enums cross by name. A failure says what
 * to add or restore.
 */
class KryoIdsTest {
  static final String MAIN = "cluster/src/main/resources/org/pyros/cluster/serialization/kryo-ids.properties";
  static final String PINNED = "cluster/src/test/resources/org/pyros/cluster/serialization/kryo-ids-pinned.properties";

  /** What Pekko binds to the Pyros serializer (reference.conf), and what they hold. */
  static final List<Class<?>> ROOTS = List.of(PyrosNode.Command.class, Reply.class, TopicEvent.class, ServiceRequest.class,
      LatestMessage.class, ParamValue.class, Message.class, MessageType.class, NodeHostProtocol.Identify.class,
      NodeHostProtocol.Identity.class);

  static KryoIds pinnedCopy() {
    return KryoIds.read(KryoIdsTest.class.getResourceAsStream("kryo-ids-pinned.properties"), PINNED);
  }

  @Test
  void theTableKeepsEveryPinnedIdAndPinsEveryNewOne() {
    Map<String, Integer> table = KryoIds.pinned().all();
    List<String> changed = new ArrayList<>();
    pinnedCopy().all().forEach((name, id) -> {
      if (!id.equals(table.get(name))) {
        changed.add(name + " = " + id + (table.containsKey(name) ? " (now " + table.get(name) + ")" : " (line removed)"));
      }
    });
    assertTrue(changed.isEmpty(), () -> "Kryo ids are the wire format between members (a rolling upgrade runs two versions): "
        + "restore these lines in " + MAIN + ": " + changed + ". A class that is gone keeps its line, so its id is never "
        + "reused; a renamed or new class gets a NEW id.");
    List<String> unpinned = table.entrySet().stream().filter(e -> !pinnedCopy().all().containsKey(e.getKey()))
        .map(e -> e.getKey() + " = " + e.getValue()).toList();
    assertTrue(unpinned.isEmpty(), () -> "new Kryo ids in " + MAIN + ": add the same lines to " + PINNED + ": " + unpinned);
  }

  @Test
  void everyClassThatCrossesTheWireHasAPinnedIdAndIsRegisteredWithIt() {
    KryoIds ids = KryoIds.pinned();
    Set<Class<?>> crossing = crossing();
    int next = ids.nextFree();
    List<String> missing = new ArrayList<>();
    for (Class<?> c : crossing) {
      if (!ids.all().containsKey(c.getTypeName())) {
        missing.add(c.getTypeName() + " = " + next++);
      }
    }
    assertTrue(missing.isEmpty(), () -> "classes that cross the wire (found from the protocol's sealed hierarchies and "
        + "records) have no Kryo id. Add these lines, with NEW ids (never one used before), to " + MAIN + " and to "
        + PINNED + ":\n" + String.join("\n", missing));

    PyrosKryo kryo = new PyrosKryo(() -> null);
    for (Class<?> c : crossing) {
      Registration r = kryo.getClassResolver().getRegistration(c);
      assertTrue(r != null, () -> c.getTypeName() + " has an id but PyrosKryo does not register it: add it there");
      assertEquals(ids.of(c), r.getId(), () -> c.getTypeName() + " is registered with another id than its pinned one");
    }
    // And nothing is registered with an id of its own making.
    for (int id = KryoIds.FIRST_ID; id < ids.nextFree(); id++) {
      Registration r = kryo.getClassResolver().getRegistration(id);
      if (r != null) {
        assertEquals(id, ids.of(r.getType()), r.getType().getTypeName());
      }
    }
  }

  @Test
  void aClassWithoutAnIdStopsTheSerializerWithWhatToDo() {
    String withoutReply = String.join("\n", KryoIds.pinned().all().entrySet().stream()
        .filter(e -> !e.getKey().equals(Reply.Failed.class.getTypeName())).map(e -> e.getKey() + " = " + e.getValue()).toList());
    KryoIds table = KryoIds.read(new ByteArrayInputStream(withoutReply.getBytes(StandardCharsets.UTF_8)), "test table");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PyrosKryo(() -> null, table));
    assertTrue(e.getMessage().contains(Reply.Failed.class.getTypeName()) && e.getMessage().contains("NEW id")
        && e.getMessage().contains(" = " + KryoIds.pinned().nextFree()), e.getMessage());
  }

  @Test
  void aTableGivingAnIdOrANameTwiceIsRefused() {
    assertTrue(read("a.A = 100\nb.B = 100\n").getMessage().contains("id 100 is a.A's already"));
    assertTrue(read("a.A = 100\na.A = 101\n").getMessage().contains("a.A has an id already"));
    assertTrue(read("a.A = 7\n").getMessage().contains("at least 100"));
  }

  static IllegalStateException read(String table) {
    return assertThrows(IllegalStateException.class,
        () -> KryoIds.read(new ByteArrayInputStream(table.getBytes(StandardCharsets.UTF_8)), "t"));
  }

  @Test
  void enumsCrossTheWireByNameSoNewConstantsChangeNoOther() {
    PyrosKryo kryo = new PyrosKryo(() -> null);
    for (Class<?> c : crossing()) {
      if (c.isEnum()) {
        assertInstanceOf(EnumByNameSerializer.class, kryo.getRegistration(c).getSerializer(), c.getTypeName());
      }
    }
    for (ErrorCode code : ErrorCode.values()) {
      Output out = new Output(64);
      kryo.writeClassAndObject(out, code);
      byte[] bytes = out.toBytes();
      assertTrue(new String(bytes, StandardCharsets.ISO_8859_1).contains(code.name().substring(0, code.name().length() - 1)),
          code + " is written by its name");
      assertEquals(code, kryo.readClassAndObject(new Input(bytes)));
    }
  }

  @Test
  void primitivesKeepTheirOrdinals() {
    // Message types cross the wire with their field types' Primitive ordinals (ModelSerializers).
    assertEquals(List.of("BOOL", "INT8", "UINT8", "BYTE", "CHAR", "INT16", "UINT16", "INT32", "UINT32", "INT64", "UINT64",
        "FLOAT32", "FLOAT64", "STRING", "TIME", "DURATION"), Arrays.stream(Primitive.values()).map(Enum::name).toList(),
        "Primitive's ordinals are the wire form of message types: add a new constant at the end, never reorder");
  }

  /**
   * The Pyros classes that cross the wire: the public records of the protocol's sealed
   * hierarchies, and every Pyros record, enum or class their components hold.
   */
  static Set<Class<?>> crossing() {
    Set<Class<?>> found = new LinkedHashSet<>();
    ROOTS.forEach(c -> walk(c, found));
    return found;
  }

  private static void walk(Class<?> c, Set<Class<?>> found) {
    if (!c.getName().startsWith("org.pyros.") || !Modifier.isPublic(c.getModifiers())) {
      return; // a JDK or Pekko class (registered by hand), or an actor's own message that never leaves its JVM
    }
    if (c.isInterface()) {
      if (c.isSealed()) {
        for (Class<?> sub : c.getPermittedSubclasses()) {
          walk(sub, found);
        }
      }
      return;
    }
    if (!found.add(c) || !c.isRecord()) {
      return;
    }
    for (RecordComponent rc : c.getRecordComponents()) {
      walkType(rc.getGenericType(), found);
    }
  }

  private static void walkType(Type t, Set<Class<?>> found) {
    if (t instanceof Class<?> c) {
      walk(c, found);
    } else if (t instanceof ParameterizedType p) {
      walkType(p.getRawType(), found);
      Arrays.stream(p.getActualTypeArguments()).forEach(a -> walkType(a, found));
    }
  }
}
