package org.pyros.cluster.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.pyros.cluster.link.RequestLink;

/**
 * Fuzzes what any peer of a request link (or of Artery) can make a member deserialize: the Pyros
 * Kryo serializer given any bytes returns a value or refuses them with an {@link
 * IllegalArgumentException}; nothing else escapes (no error from a claimed length, no class
 * outside the registered ones), and what it returns serializes again.
 */
class PyrosKryoFuzzTest {
  private static final ActorTestKit kit = ActorTestKit.create("kryo-fuzz", ConfigFactory.load());
  private static final Serializer serializer = RequestLink.serializer(kit.system());

  @FuzzTest(maxDuration = "8s")
  void deserialize(byte[] bytes) {
    Object read;
    try {
      read = serializer.fromBinary(bytes);
    } catch (IllegalArgumentException refused) {
      return;
    }
    serializer.toBinary(read);
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }
}
