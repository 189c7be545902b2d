package org.pyros.cluster.link;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Who may send requests over a node host's request links: a member of the cluster, Up now, that
 * holds the ticket the host gave it. The host hands each member its ticket in the answer to
 * that member's identification, over Artery (so with Artery's protection); a ticket is a MAC of
 * the member's address under a key made at random when the host starts hosting, so a process
 * that never got an answer over Artery cannot make one, and a member's ticket is worth nothing
 * to a process claiming another address.
 */
public final class LinkAdmission {
  private static final String MAC = "HmacSHA256";
  private final SecretKeySpec key;
  private final Predicate<String> upMember;

  private LinkAdmission(byte[] key, Predicate<String> upMember) {
    this.key = new SecretKeySpec(key, MAC);
    this.upMember = upMember;
  }

  /** Admits Up members of {@code system}'s cluster holding a ticket of this admission. */
  public static LinkAdmission ofCluster(ActorSystem<?> system) {
    Cluster cluster = Cluster.get(system);
    return withMembers(member -> {
      for (org.apache.pekko.cluster.Member m : cluster.state().getMembers()) {
        if (m.status().equals(MemberStatus.up()) && m.address().toString().equals(member)) {
          return true;
        }
      }
      return false;
    });
  }

  /** Admits the members {@code upMember} accepts (by address) holding a ticket of this admission. */
  static LinkAdmission withMembers(Predicate<String> upMember) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new LinkAdmission(key, upMember);
  }

  /** The ticket of the member at {@code member} (its address, as {@code Address.toString()}). */
  public String ticketFor(String member) {
    return Base64.getEncoder().encodeToString(mac(member));
  }

  /** Why {@code member} presenting {@code ticket} is refused; empty when it is admitted. */
  Optional<String> refusal(String member, String ticket) {
    byte[] given;
    try {
      given = Base64.getDecoder().decode(ticket);
    } catch (IllegalArgumentException e) {
      return Optional.of("its ticket is not base64");
    }
    if (!MessageDigest.isEqual(given, mac(member))) {
      return Optional.of("it has no valid ticket for " + member);
    }
    if (!upMember.test(member)) {
      return Optional.of(member + " is not an Up member of the cluster");
    }
    return Optional.empty();
  }

  private byte[] mac(String member) {
    try {
      Mac mac = Mac.getInstance(MAC);
      mac.init(key);
      return mac.doFinal(member.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(MAC + " is part of every JDK", e);
    }
  }
}
