package org.pyros.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The training run bin/pyros makes its class-data sharing archive with: it must pass, silently, with no master around. */
class ClassArchiveTrainingTest {
  @Test
  void runsItsSampleCommandsAgainstAnEmbeddedMasterOfItsOwn() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = PyrosCli.run(new String[] {"train-class-archive"}, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, code, err.toString());
    assertEquals("", out.toString());
  }
}
