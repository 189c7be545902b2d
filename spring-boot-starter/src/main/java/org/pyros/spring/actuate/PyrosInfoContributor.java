package org.pyros.spring.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.pyros.spring.node.RunningPyros;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/** {@code pyros} in the info endpoint: the system, node name, master or domain, exposure, Pyros version. */
public final class PyrosInfoContributor implements InfoContributor {
  private final RunningPyros pyros;

  public PyrosInfoContributor(RunningPyros pyros) {
    this.pyros = pyros;
  }

  @Override
  public void contribute(Info.Builder builder) {
    Map<String, Object> info = new LinkedHashMap<>(pyros.facts());
    info.put("version", version());
    builder.withDetail("pyros", info);
  }

  /** The version the build wrote into the starter's jar. */
  static String version() {
    try (InputStream in = PyrosInfoContributor.class.getResourceAsStream("pyros-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
