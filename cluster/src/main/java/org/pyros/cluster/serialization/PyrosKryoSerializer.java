package org.pyros.cluster.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.JSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pekko serializer of every Pyros message that crosses JVMs: the node's protocol, the
 * message model, and the cluster's own messages. Kryo 5 with registration required, so only
 * known classes are ever written or instantiated; a message holding anything else fails with
 * an {@link IllegalArgumentException} naming the class.
 *
 * <p>Bound in {@code reference.conf} of pyros-cluster; Java serialization stays off.
 */
public final class PyrosKryoSerializer extends JSerializer {
  /** Pekko's serializer id of this serializer. */
  public static final int IDENTIFIER = 417_001;

  private static final Logger log = LoggerFactory.getLogger(PyrosKryoSerializer.class);

  private final int maxFrameBytes;
  private final Pool<Kryo> pool;

  public PyrosKryoSerializer(ExtendedActorSystem system) {
    this.maxFrameBytes = (int) Math.min(Integer.MAX_VALUE,
        system.settings().config().getBytes("pyros.cluster.serialization.max-message-size"));
    // The resolver extension is looked up lazily: serializers are created while the system starts.
    java.util.function.Supplier<ActorRefResolver> resolver = () -> ActorRefResolver.get(Adapter.toTyped(system));
    // Kryo instances are not thread-safe; serialization happens on many threads at once.
    this.pool = new Pool<>(true, false, 64) {
      @Override
      protected Kryo create() {
        return new PyrosKryo(resolver);
      }
    };
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public boolean includeManifest() {
    return false;
  }

  @Override
  public byte[] toBinary(Object o) {
    Kryo kryo = pool.obtain();
    try (Output out = new Output(256, maxFrameBytes)) {
      kryo.writeClassAndObject(out, o);
      return out.toBytes();
    } catch (KryoException | IllegalArgumentException e) {
      String why = rootMessage(e);
      log.warn("Cannot serialize {} to send it to another JVM: {}", o.getClass().getName(), why);
      throw new IllegalArgumentException("cannot serialize " + o.getClass().getName() + " for another JVM: " + why, e);
    } finally {
      pool.free(kryo);
    }
  }

  @Override
  public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
    Kryo kryo = pool.obtain();
    try (Input in = new BoundedInput(bytes)) {
      return kryo.readClassAndObject(in);
    } catch (RuntimeException e) {
      // Bytes from another JVM: whatever they make Kryo or a constructor throw is a bad message.
      String why = rootMessage(e);
      log.warn("Cannot deserialize a message of {} bytes from another JVM: {}", bytes.length, why);
      throw new IllegalArgumentException("cannot deserialize a Pyros message: " + why, e);
    } finally {
      pool.free(kryo);
    }
  }

  /** Kryo's messages carry advice lines and serialization traces; keep the first line. */
  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t instanceof KryoException && (t.getCause() instanceof KryoException || t.getCause() instanceof IllegalArgumentException)) {
      t = t.getCause();
    }
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
