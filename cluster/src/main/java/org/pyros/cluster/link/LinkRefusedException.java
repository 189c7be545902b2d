package org.pyros.cluster.link;

import java.io.IOException;

/** The node's host did not admit this member's link ({@link LinkAdmission}); it says why. */
public final class LinkRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  LinkRefusedException(String why) {
    super(why);
  }
}
