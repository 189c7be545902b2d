package org.pyros.core.expose;

import java.util.regex.Pattern;

/**
 * One name pattern of an exposure rule. Three forms:
 *
 * <ul>
 *   <li>{@code re:REGEX} — a Java regular expression that must match the whole name;
 *   <li>a glob, when the text contains {@code *} or {@code ?}: {@code *} matches within one
 *       name segment (no {@code /}), {@code **} matches across segments, {@code ?} one character
 *       other than {@code /};
 *   <li>anything else — the exact name.
 * </ul>
 *
 * Example: {@code /robot/*} matches {@code /robot/pose} but not {@code /robot/arm/joint};
 * {@code /robot/**} matches both.
 */
public final class NamePattern {
  private final String text;
  // Not serialized (cluster messages carry the text); rebuilt on first use.
  private transient volatile Pattern compiled;

  public NamePattern(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty name pattern");
    }
    this.text = text;
    this.compiled = compile(text); // fail early on a bad regex
  }

  public String text() {
    return text;
  }

  /** True when the whole name matches. */
  public boolean matches(String name) {
    Pattern p = compiled;
    if (p == null) {
      p = compile(text);
      compiled = p;
    }
    return p.matcher(name).matches();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamePattern n && n.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  private static Pattern compile(String text) {
    if (text.startsWith("re:")) {
      return Pattern.compile(text.substring(3));
    }
    if (text.indexOf('*') < 0 && text.indexOf('?') < 0) {
      return Pattern.compile(Pattern.quote(text));
    }
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
        re.append(".*");
        i++;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }

  @Override
  public String toString() {
    return text;
  }
}
