package org.pyros.ros2.rtps.discovery;

import java.util.ArrayList;
import java.util.List;
import org.pyros.ros2.rtps.wire.Locator;
import org.pyros.ros2.rtps.wire.Parameter;
import org.pyros.ros2.rtps.wire.ParameterList;
import org.pyros.ros2.rtps.wire.ParameterListWriter;
import org.pyros.ros2.rtps.wire.ParameterValues;

/** Locator lists: one parameter per locator, the id repeated. */
final class LocatorParameters {
  private LocatorParameters() {}

  static List<Locator> read(ParameterList list, int id) {
    List<Locator> out = new ArrayList<>();
    for (Parameter p : list.all(id)) {
      out.add(ParameterValues.locator(p));
    }
    return List.copyOf(out);
  }

  static void write(ParameterListWriter w, int id, List<Locator> locators) {
    for (Locator l : locators) {
      w.putLocator(id, l);
    }
  }
}
