package org.pyros.ros2.rtps;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.pyros.ros2.peer.Eventually;
import org.pyros.ros2.rtps.endpoint.ReaderSettings;
import org.pyros.ros2.rtps.endpoint.WriterSettings;
import org.pyros.ros2.rtps.qos.Qos;
import org.pyros.ros2.rtps.transport.PortMapping;
import org.pyros.ros2.rtps.transport.UdpTransport;

/**
 * Run by {@link MulticastDiscoveryTest} in a network namespace of its own: a participant that
 * announces itself only by SPDP multicast on {@code lo}, publishes N strings to the first reader
 * it meets, and exits 0 once they are acknowledged (1 on a timeout).
 * Arguments: domain id, number of samples.
 */
public final class MulticastProbe {
  private MulticastProbe() {}

  public static void main(String[] args) {
    int domain = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    try {
      NetworkInterface lo = NetworkInterface.getByName("lo");
      InetSocketAddress group = new InetSocketAddress(InetAddress.getByName(UdpTransport.SPDP_MULTICAST_GROUP),
          PortMapping.DEFAULT.spdpMulticast(domain));
      // No unicast peers at all: whoever finds us found us by multicast, and we them.
      ParticipantSettings settings = new ParticipantSettings(domain, -1, InetAddress.getLoopbackAddress(),
          List.of(group), 9, Duration.ofSeconds(10), Duration.ofSeconds(1), Optional.of(lo), "/",
          WriterSettings.DEFAULT, ReaderSettings.DEFAULT);
      try (Participant p = Participant.start(settings)) {
        System.out.println("started");
        LocalWriter w = p.createWriter("rt/chatter", "std_msgs::msg::dds_::String_", Qos.ROS_DEFAULT);
        Eventually.await(Duration.ofSeconds(30), "a reader", () -> w.matchedReaders() == 1 && p.endpointsAnnounced());
        System.out.println("matched " + p.graph().participants().keySet());
        for (int i = 0; i < n; i++) {
          w.write(StringCdr.encode("hello " + i));
          Thread.sleep(50); // a publishing rate within the peer's keep-last-10
        }
        System.out.println("written " + n);
        Thread.sleep(2000); // time for the reliable writer to repair losses before it goes
        if (p.multicastDatagrams() == 0) {
          System.out.println("nothing received on the multicast socket");
          System.exit(1);
        }
        System.out.println("multicast datagrams " + p.multicastDatagrams());
      }
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }
}
