package org.pyros.core.expose;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExposureTest {
  @Test
  void exactNamesMatchOnlyThemselves() {
    NamePattern p = new NamePattern("/chatter");
    assertTrue(p.matches("/chatter"));
    assertFalse(p.matches("/chatter2"));
    assertFalse(p.matches("/a/chatter"));
  }

  @Test
  void singleStarStaysInOneSegmentDoubleStarCrosses() {
    assertTrue(new NamePattern("/robot/*").matches("/robot/pose"));
    assertFalse(new NamePattern("/robot/*").matches("/robot/arm/joint"));
    assertTrue(new NamePattern("/robot/**").matches("/robot/arm/joint"));
    assertTrue(new NamePattern("/cam?/image").matches("/cam1/image"));
    assertFalse(new NamePattern("/cam?/image").matches("/cam12/image"));
    // Regex metacharacters in a glob are literal.
    assertFalse(new NamePattern("/a.b/*").matches("/axb/c"));
  }

  @Test
  void regexPatternsMatchTheWholeName() {
    NamePattern p = new NamePattern("re:/cam[0-9]+/image");
    assertTrue(p.matches("/cam12/image"));
    assertFalse(p.matches("/cam12/image_raw"));
    assertThrows(java.util.regex.PatternSyntaxException.class, () -> new NamePattern("re:(["));
  }

  @Test
  void denyWinsOverAllow() {
    NameFilter f = NameFilter.of(List.of("/robot/**"), List.of("/robot/secret/*"));
    assertTrue(f.allows("/robot/pose"));
    assertFalse(f.allows("/robot/secret/key"));
    assertFalse(f.allows("/other"));
    assertFalse(NameFilter.NONE.allows("/robot/pose"));
  }

  @Test
  void readsFromConfig() {
    Exposure e = Exposure.fromConfig(ConfigFactory.parseString(
        "topics { allow = [\"/chatter\"], deny = [] }\n"
            + "services { allow = [\"/srv/*\"], deny = [\"/srv/admin\"] }\n"
            + "params { allow = [\"re:/p/.*\"], deny = [] }"));
    assertTrue(e.topics().allows("/chatter"));
    assertTrue(e.services().allows("/srv/go"));
    assertFalse(e.services().allows("/srv/admin"));
    assertTrue(e.params().allows("/p/x/y"));
    assertFalse(e.params().allows("/q"));
  }
}
