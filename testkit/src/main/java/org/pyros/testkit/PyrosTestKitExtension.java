package org.pyros.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.pyros.core.client.PyrosClient;
import org.pyros.core.expose.Exposure;

/**
 * Starts a {@link PyrosTestKit} for JUnit 5 tests and stops it after them.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PyrosTestKitExtension pyros = PyrosTestKitExtension.inMemory(exposure);
 * }</pre>
 *
 * <p>In a {@code static} field one kit serves the whole class (started before all tests);
 * in an instance field every test gets a fresh graph and node. Test methods may take a {@link
 * PyrosTestKit} or {@link PyrosClient} parameter.
 */
public final class PyrosTestKitExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final PyrosTestKit.Builder builder;
  private PyrosTestKit kit;
  private boolean perClass;

  private PyrosTestKitExtension(PyrosTestKit.Builder builder) {
    this.builder = builder;
  }

  /** A kit built by {@code builder} (in memory unless it says otherwise). */
  public static PyrosTestKitExtension of(PyrosTestKit.Builder builder) {
    return new PyrosTestKitExtension(builder);
  }

  /** An in-memory kit exposing {@code exposure}. */
  public static PyrosTestKitExtension inMemory(Exposure exposure) {
    return of(PyrosTestKit.builder().exposure(exposure));
  }

  /** An in-memory kit exposing everything. */
  public static PyrosTestKitExtension inMemory() {
    return of(PyrosTestKit.builder());
  }

  /** The running kit; fails outside a test. */
  public PyrosTestKit kit() {
    if (kit == null) {
      throw new IllegalStateException("the Pyros test kit runs only while a test runs");
    }
    return kit;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // Only extensions in static fields are called here.
    perClass = true;
    kit = builder.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (perClass) {
      stop();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      kit = builder.start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    }
  }

  private void stop() {
    PyrosTestKit k = kit;
    kit = null;
    if (k != null) {
      k.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == PyrosTestKit.class || type == PyrosClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (kit == null) {
      throw new ParameterResolutionException("the Pyros test kit is not running");
    }
    return parameter.getParameter().getType() == PyrosClient.class ? kit.client() : kit;
  }
}
