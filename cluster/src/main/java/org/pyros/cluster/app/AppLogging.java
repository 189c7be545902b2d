package org.pyros.cluster.app;

/** Points Logback at the examples' configuration (INFO to stderr) unless one was given. */
final class AppLogging {
  private AppLogging() {}

  static void init() {
    if (System.getProperty("logback.configurationFile") == null
        && Thread.currentThread().getContextClassLoader().getResource("logback-test.xml") == null) {
      System.setProperty("logback.configurationFile", "pyros-cluster-app-logback.xml");
    }
  }
}
