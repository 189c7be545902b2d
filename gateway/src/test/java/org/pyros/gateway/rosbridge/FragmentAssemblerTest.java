package org.pyros.gateway.rosbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FragmentAssemblerTest {
  @Test
  void assemblesInAnyOrderAndIgnoresRepeats() {
    FragmentAssembler a = new FragmentAssembler(4, 100);
    assertNull(a.add("m", "c", 2, 3));
    assertNull(a.add("m", "a", 0, 3));
    assertNull(a.add("m", "a", 0, 3));
    assertEquals("abc", a.add("m", "b", 1, 3));
    // Done and forgotten: the same id starts a new message.
    assertNull(a.add("m", "x", 0, 2));
  }

  @Test
  void refusesFragmentsThatDoNotFit() {
    FragmentAssembler a = new FragmentAssembler(4, 5);
    assertThrows(IllegalArgumentException.class, () -> a.add("m", "x", 3, 3));
    assertThrows(IllegalArgumentException.class, () -> a.add("m", "x", 0, 0));
    assertThrows(IllegalArgumentException.class, () -> a.add(null, "x", 0, 2));
    a.add("n", "abc", 0, 3);
    assertThrows(IllegalArgumentException.class, () -> a.add("n", "def", 1, 3), "over 5 characters");
    a.add("o", "a", 0, 2);
    assertThrows(IllegalArgumentException.class, () -> a.add("o", "b", 1, 3), "totals disagree");
  }

  @Test
  void keepsAtMostMaxOpenMessages() {
    FragmentAssembler a = new FragmentAssembler(2, 100);
    a.add("1", "a", 0, 2);
    a.add("2", "a", 0, 2);
    a.add("3", "a", 0, 2);
    // "1" was dropped for "3": its second fragment starts it anew.
    assertNull(a.add("1", "b", 1, 2));
    assertEquals("ab", a.add("3", "b", 1, 2));
  }
}
