package org.pyros.cluster.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.util.ByteString;
import org.pyros.cluster.NodeHostProtocol;
import org.pyros.core.error.ErrorCode;
import org.pyros.core.expose.Exposure;
import org.pyros.core.expose.NameFilter;
import org.pyros.core.expose.NamePattern;
import org.pyros.core.graph.ServiceInfo;
import org.pyros.core.graph.NodeInfo;
import org.pyros.core.graph.TopicInfo;
import org.pyros.core.msg.Message;
import org.pyros.core.msg.MessageType;
import org.pyros.core.msg.RosDuration;
import org.pyros.core.msg.RosTime;
import org.pyros.core.msg.ServiceType;
import org.pyros.core.node.LatestMessage;
import org.pyros.core.node.ParamValue;
import org.pyros.core.node.PyrosNode;
import org.pyros.core.node.Reply;
import org.pyros.core.node.ServiceRequest;
import org.pyros.core.node.TopicEvent;

/**
 * A Kryo configured for the Pyros protocol: registration required, every class registered with
 * its pinned id ({@link KryoIds}: the same in every JVM and every version), enums by name. Not
 * thread-safe; {@link PyrosKryoSerializer} keeps a pool.
 */
final class PyrosKryo extends Kryo {
  private final KryoIds ids;
  private final Registration actorRefs;
  private final Registration byteStrings;

  /** Deepest nesting read or written (params are the deepest values: maps in maps). */
  static final int MAX_DEPTH = 256;

  PyrosKryo(Supplier<ActorRefResolver> resolver) {
    this(resolver, KryoIds.pinned());
  }

  /** With {@code ids} instead of the pinned table (a test's). */
  PyrosKryo(Supplier<ActorRefResolver> resolver, KryoIds ids) {
    super(new RegisteredClassesOnly(), new MapReferenceResolver());
    this.ids = ids;
    setRegistrationRequired(true);
    setReferences(false);
    // Input from another JVM may nest without end: refuse it before the stack overflows.
    setMaxDepth(MAX_DEPTH);

    // Plain values (params, constants); the boxed primitives are Kryo's own registrations.
    add(byte[].class, null);

    // Collections. JDK immutable ones are registered by their (internal) classes, obtained from
    // instances; their contents are written by our serializers, never by reflection.
    JdkSerializers.ListSerializer lists = new JdkSerializers.ListSerializer();
    JdkSerializers.SetSerializer sets = new JdkSerializers.SetSerializer();
    JdkSerializers.MapSerializer maps = new JdkSerializers.MapSerializer();
    for (Object list : List.of(List.of(), List.of(1), List.of(1, 2, 3), List.of(1).stream().toList(),
        Collections.emptyList(), Collections.singletonList(1), Collections.nCopies(2, 1),
        Collections.unmodifiableList(new ArrayList<>()), Collections.unmodifiableList(new LinkedList<>()),
        java.util.Arrays.asList(1))) {
      addIfAbsent(list.getClass(), lists);
    }
    for (Object set : List.of(Set.of(), Set.of(1), Set.of(1, 2, 3), Collections.emptySet(), Collections.singleton(1),
        Collections.unmodifiableSet(new HashSet<>()), Collections.unmodifiableSortedSet(new TreeSet<>()))) {
      addIfAbsent(set.getClass(), sets);
    }
    for (Object map : List.of(Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2), Collections.emptyMap(), Collections.singletonMap(1, 1),
        Collections.unmodifiableMap(new HashMap<>()), Collections.unmodifiableSortedMap(new TreeMap<>()))) {
      addIfAbsent(map.getClass(), maps);
    }
    add(ArrayList.class, new JdkSerializers.MutableCollectionSerializer<ArrayList<Object>>(ArrayList::new));
    add(LinkedList.class, new JdkSerializers.MutableCollectionSerializer<LinkedList<Object>>(LinkedList::new));
    add(HashSet.class, new JdkSerializers.MutableCollectionSerializer<HashSet<Object>>(HashSet::new));
    add(java.util.LinkedHashSet.class, new JdkSerializers.MutableCollectionSerializer<java.util.LinkedHashSet<Object>>(java.util.LinkedHashSet::new));
    add(HashMap.class, new JdkSerializers.MutableMapSerializer<HashMap<Object, Object>>(HashMap::new));
    add(LinkedHashMap.class, new JdkSerializers.MutableMapSerializer<LinkedHashMap<Object, Object>>(LinkedHashMap::new));
    add(Optional.class, new JdkSerializers.OptionalSerializer());
    add(Duration.class, new JdkSerializers.DurationSerializer());

    // Pekko.
    add(Done.getInstance().getClass(), new JdkSerializers.DoneSerializer());
    byteStrings = add(ByteString.class, new JdkSerializers.ByteStringSerializer());
    actorRefs = add(ActorRef.class, new JdkSerializers.ActorRefSerializer(resolver));

    // Message model.
    add(Message.class, new ModelSerializers.MessageSerializer());
    add(MessageType.class, new ModelSerializers.MessageTypeSerializer());
    add(RosTime.class, null);
    add(RosDuration.class, null);
    add(ServiceType.class, null);
    add(ErrorCode.class, new EnumByNameSerializer<>(ErrorCode.class));

    // Exposure and graph.
    add(NamePattern.class, new JdkSerializers.NamePatternSerializer());
    add(NameFilter.class, null);
    add(Exposure.class, null);
    add(TopicInfo.class, null);
    add(NodeInfo.class, null);
    add(ServiceInfo.class, null);

    // The node's protocol.
    addRecordsOf(PyrosNode.Command.class);
    add(Reply.Ok.class, null);
    add(Reply.Failed.class, null);
    add(TopicEvent.Received.class, null);
    add(TopicEvent.Gap.class, null);
    add(TopicEvent.Ended.class, null);
    add(ServiceRequest.class, null);
    add(LatestMessage.class, null);
    add(ParamValue.class, null);
    add(NodeHostProtocol.Identify.class, null);
    add(NodeHostProtocol.Identity.class, null);
  }

  /**
   * Every actor ref class (local, remote, ask refs, adapters) maps to one registration, and
   * every ByteString class to another, so their many implementation classes need not be listed.
   */
  @Override
  @SuppressWarnings("rawtypes")
  public Registration getRegistration(Class type) {
    Registration r = getClassResolver().getRegistration(type);
    if (r != null) {
      return r;
    }
    if (ActorRef.class.isAssignableFrom(type)) {
      return actorRefs;
    }
    if (ByteString.class.isAssignableFrom(type)) {
      return byteStrings;
    }
    return super.getRegistration(type);
  }

  /**
   * Registers the records of a sealed hierarchy, through its public sealed sub-interfaces (an
   * actor's internal messages never leave its JVM).
   */
  private void addRecordsOf(Class<?> sealed) {
    for (Class<?> c : sealed.getPermittedSubclasses()) {
      if (c.isRecord()) {
        add(c, null);
      } else if (c.isSealed() && java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
        addRecordsOf(c);
      }
    }
  }

  /**
   * Reads registered class ids only. Kryo reads a class name when the input says one follows,
   * and looks the class up before it checks registration; input from another JVM must never
   * make us load a class by name.
   */
  private static final class RegisteredClassesOnly extends DefaultClassResolver {
    @Override
    protected Registration readName(Input input) {
      throw new KryoException("the input names a class; only registered Pyros classes are accepted");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Registration add(Class<?> type, Serializer<?> serializer) {
    if (type.isEnum() && serializer == null) {
      throw new IllegalStateException(type.getName() + ": an enum crosses the wire by name (EnumByNameSerializer), not by ordinal");
    }
    Serializer<?> s = serializer;
    if (s == null && type.isRecord()) {
      s = new RecordSerializer(type);
    }
    int id = ids.of(type);
    return s == null ? register(type, id) : register(type, s, id);
  }

  /** Several samples of the JDK's collections share a class: registered once. */
  private void addIfAbsent(Class<?> type, Serializer<?> serializer) {
    if (getClassResolver().getRegistration(type) == null) {
      add(type, serializer);
    }
  }
}

