package org.pyros.cluster.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.util.ByteString;
import org.pyros.core.expose.NamePattern;

/**
 * Kryo serializers for JDK and Pekko classes whose fields Kryo may not (Java 17 strong
 * encapsulation) or should not reflect into. Collections are read back as unmodifiable
 * collections, which is what the protocol carries.
 */
final class JdkSerializers {
  private JdkSerializers() {}

  /** Any list: size and elements; read back unmodifiable (nulls allowed). */
  static final class ListSerializer extends Serializer<List<?>> {
    @Override
    public void write(Kryo kryo, Output out, List<?> list) {
      out.writeVarInt(list.size(), true);
      for (Object e : list) {
        kryo.writeClassAndObject(out, e);
      }
    }

    @Override
    public List<?> read(Kryo kryo, Input in, Class<? extends List<?>> cls) {
      int size = ModelSerializers.count(in);
      List<Object> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(kryo.readClassAndObject(in));
      }
      return Collections.unmodifiableList(list);
    }
  }

  /** Any set: size and elements; read back unmodifiable, in the written order. */
  static final class SetSerializer extends Serializer<Set<?>> {
    @Override
    public void write(Kryo kryo, Output out, Set<?> set) {
      out.writeVarInt(set.size(), true);
      for (Object e : set) {
        kryo.writeClassAndObject(out, e);
      }
    }

    @Override
    public Set<?> read(Kryo kryo, Input in, Class<? extends Set<?>> cls) {
      int size = ModelSerializers.count(in);
      Set<Object> set = new LinkedHashSet<>();
      for (int i = 0; i < size; i++) {
        set.add(kryo.readClassAndObject(in));
      }
      return Collections.unmodifiableSet(set);
    }
  }

  /** Any map: size and entries; read back unmodifiable, in the written order. */
  static final class MapSerializer extends Serializer<Map<?, ?>> {
    @Override
    public void write(Kryo kryo, Output out, Map<?, ?> map) {
      out.writeVarInt(map.size(), true);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        kryo.writeClassAndObject(out, e.getKey());
        kryo.writeClassAndObject(out, e.getValue());
      }
    }

    @Override
    public Map<?, ?> read(Kryo kryo, Input in, Class<? extends Map<?, ?>> cls) {
      int size = ModelSerializers.count(in);
      Map<Object, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        map.put(kryo.readClassAndObject(in), kryo.readClassAndObject(in));
      }
      return Collections.unmodifiableMap(map);
    }
  }

  /** Mutable collections are read back as the same mutable class. */
  static final class MutableCollectionSerializer<C extends Collection<Object>> extends Serializer<C> {
    private final Supplier<C> factory;

    MutableCollectionSerializer(Supplier<C> factory) {
      this.factory = factory;
    }

    @Override
    public void write(Kryo kryo, Output out, C c) {
      out.writeVarInt(c.size(), true);
      for (Object e : c) {
        kryo.writeClassAndObject(out, e);
      }
    }

    @Override
    public C read(Kryo kryo, Input in, Class<? extends C> cls) {
      int size = ModelSerializers.count(in);
      C c = factory.get();
      for (int i = 0; i < size; i++) {
        c.add(kryo.readClassAndObject(in));
      }
      return c;
    }
  }

  /** Mutable maps are read back as the same mutable class. */
  static final class MutableMapSerializer<M extends Map<Object, Object>> extends Serializer<M> {
    private final Supplier<M> factory;

    MutableMapSerializer(Supplier<M> factory) {
      this.factory = factory;
    }

    @Override
    public void write(Kryo kryo, Output out, M map) {
      out.writeVarInt(map.size(), true);
      for (Map.Entry<Object, Object> e : map.entrySet()) {
        kryo.writeClassAndObject(out, e.getKey());
        kryo.writeClassAndObject(out, e.getValue());
      }
    }

    @Override
    public M read(Kryo kryo, Input in, Class<? extends M> cls) {
      int size = ModelSerializers.count(in);
      M map = factory.get();
      for (int i = 0; i < size; i++) {
        map.put(kryo.readClassAndObject(in), kryo.readClassAndObject(in));
      }
      return map;
    }
  }

  static final class OptionalSerializer extends Serializer<Optional<?>> {
    OptionalSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output out, Optional<?> o) {
      kryo.writeClassAndObject(out, o.orElse(null));
    }

    @Override
    public Optional<?> read(Kryo kryo, Input in, Class<? extends Optional<?>> cls) {
      return Optional.ofNullable(kryo.readClassAndObject(in));
    }
  }

  static final class DurationSerializer extends Serializer<Duration> {
    DurationSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output out, Duration d) {
      out.writeVarLong(d.getSeconds(), false);
      out.writeVarInt(d.getNano(), true);
    }

    @Override
    public Duration read(Kryo kryo, Input in, Class<? extends Duration> cls) {
      return Duration.ofSeconds(in.readVarLong(false), in.readVarInt(true));
    }
  }

  /** Every ByteString class is written as its bytes and read back compact. */
  static final class ByteStringSerializer extends Serializer<ByteString> {
    ByteStringSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output out, ByteString b) {
      out.writeVarInt(b.size(), true);
      out.writeBytes(b.toArrayUnsafe());
    }

    @Override
    public ByteString read(Kryo kryo, Input in, Class<? extends ByteString> cls) {
      return ByteString.fromArrayUnsafe(in.readBytes(ModelSerializers.count(in)));
    }
  }

  /** Typed actor refs, as their serialization format (the path with the system's address). */
  static final class ActorRefSerializer extends Serializer<ActorRef<?>> {
    private final Supplier<ActorRefResolver> resolver;

    ActorRefSerializer(Supplier<ActorRefResolver> resolver) {
      this.resolver = resolver;
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output out, ActorRef<?> ref) {
      out.writeString(resolver.get().toSerializationFormat(ref));
    }

    @Override
    public ActorRef<?> read(Kryo kryo, Input in, Class<? extends ActorRef<?>> cls) {
      return resolver.get().resolveActorRef(in.readString());
    }
  }

  /** A name pattern is its text; the compiled regex is rebuilt on the other side. */
  static final class NamePatternSerializer extends Serializer<NamePattern> {
    NamePatternSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output out, NamePattern p) {
      out.writeString(p.text());
    }

    @Override
    public NamePattern read(Kryo kryo, Input in, Class<? extends NamePattern> cls) {
      return new NamePattern(in.readString());
    }
  }

  /** Pekko's {@code Done} singleton. */
  static final class DoneSerializer extends Serializer<Done> {
    DoneSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output out, Done d) {}

    @Override
    public Done read(Kryo kryo, Input in, Class<? extends Done> cls) {
      return Done.getInstance();
    }
  }
}
