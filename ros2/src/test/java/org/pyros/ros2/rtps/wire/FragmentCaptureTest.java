package org.pyros.ros2.rtps.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pyros.ros2.rtps.wire.Submessage.DataFrag;
import org.pyros.ros2.rtps.wire.Submessage.HeartbeatFrag;

/**
 * Reads real fragmented traffic: Cyclone DDS 0.10's ddsperf publishing 20000-byte samples to a
 * ddsperf subscriber on loopback (domain 37), captured with tcpdump into the test resources.
 * Every datagram parses, the DATA_FRAGs of each sample cover it exactly once, HEARTBEAT_FRAGs
 * name fragments that exist, and what MessageBuilder writes of each datagram reads the same.
 */
class FragmentCaptureTest {
  record SampleKey(EntityId writer, long sn) {}

  static List<PcapFile.Udp> capture() throws IOException, URISyntaxException {
    return PcapFile.udpDatagrams(Path.of(FragmentCaptureTest.class.getResource("cyclone-ddsperf-fragments.pcap").toURI()));
  }

  @Test
  void fragmentsOfEachSampleCoverItExactlyOnce() throws Exception {
    Map<SampleKey, BitSet> seen = new HashMap<>();
    Map<SampleKey, Integer> sizes = new HashMap<>();
    Map<SampleKey, Integer> fragmentSizes = new HashMap<>();
    Map<SampleKey, byte[]> samples = new HashMap<>();
    List<HeartbeatFrag> heartbeatFrags = new ArrayList<>();
    int fragmentSubmessages = 0;
    for (PcapFile.Udp udp : capture()) {
      ParsedMessage m = MessageReader.parse(udp.payload());
      assertNull(m.error(), "frame " + udp.index() + ": " + m.error());
      for (Received r : m.submessages()) {
        if (r.submessage() instanceof DataFrag f) {
          fragmentSubmessages++;
          SampleKey key = new SampleKey(f.writerId(), f.writerSn());
          Integer known = sizes.putIfAbsent(key, f.sampleSize());
          assertTrue(known == null || known == f.sampleSize(), "one sample size per sample");
          Integer knownFragmentSize = fragmentSizes.putIfAbsent(key, f.fragmentSize());
          assertTrue(knownFragmentSize == null || knownFragmentSize == f.fragmentSize(), "one fragment size per sample");
          byte[] sample = samples.computeIfAbsent(key, k -> new byte[f.sampleSize()]);
          int from = (f.fragmentStart() - 1) * f.fragmentSize();
          f.fragments().duplicate().get(sample, from, f.fragments().remaining());
          BitSet bits = seen.computeIfAbsent(key, k -> new BitSet());
          for (int i = 0; i < f.fragmentCount(); i++) {
            int fragment = f.fragmentStart() + i;
            assertTrue(!bits.get(fragment), "fragment " + fragment + " of " + key + " once (no loss on loopback)");
            bits.set(fragment);
          }
          assertEquals(Math.min(f.fragmentCount() * f.fragmentSize(), f.sampleSize() - from),
              f.fragments().remaining());
        } else if (r.submessage() instanceof HeartbeatFrag h) {
          heartbeatFrags.add(h);
        }
      }
    }
    assertTrue(fragmentSubmessages >= 5, fragmentSubmessages + " DATA_FRAG submessages");
    int complete = 0;
    for (Map.Entry<SampleKey, BitSet> e : seen.entrySet()) {
      int size = sizes.get(e.getKey());
      int total = (int) FragmentLayout.fragmentCount(size, fragmentSizes.get(e.getKey()));
      if (e.getValue().cardinality() == total && e.getValue().nextSetBit(0) == 1) {
        complete++;
        ByteBuffer sample = ByteBuffer.wrap(samples.get(e.getKey()));
        int kind = Encapsulation.read(sample).kind();
        assertTrue(kind == Encapsulation.CDR_LE || kind == Encapsulation.CDR2_LE, "encapsulation " + kind);
      }
    }
    assertTrue(complete >= 3, complete + " samples arrived whole");
    assertTrue(!heartbeatFrags.isEmpty(), "Cyclone announces fragments with HEARTBEAT_FRAG");
    for (HeartbeatFrag h : heartbeatFrags) {
      SampleKey key = new SampleKey(h.writerId(), h.writerSn());
      if (sizes.containsKey(key)) {
        assertTrue(h.lastFragment() <= FragmentLayout.fragmentCount(sizes.get(key), fragmentSizes.get(key)),
            h.toString());
      }
    }
  }

  @Test
  void whatTheBuilderWritesOfFragmentedTrafficReadsTheSame() throws Exception {
    MessageBuilder b = new MessageBuilder(GuidPrefix.UNKNOWN, 65507);
    for (PcapFile.Udp udp : capture()) {
      List<Submessage> read = MessageReader.parse(udp.payload()).submessages().stream().map(Received::submessage)
          .toList();
      b.reset();
      read.forEach(s -> assertTrue(b.add(s), s.toString()));
      assertEquals(read, MessageReader.parse(b.finish()).submessages().stream().map(Received::submessage).toList(),
          "frame " + udp.index());
    }
  }
}
