package io.portolan.injector;

import io.micronaut.runtime.Micronaut;
import io.portolan.service.EmbeddedStart;
import java.util.Map;

/** Starts a cluster injector. */
public final class InjectorApplication {
  private InjectorApplication() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(InjectorApplication.class).banner(false).start();
  }

  /**
   * Starts the injector inside another program (the embedded platform) with the given properties;
   * the caller closes what is returned.
   */
  public static AutoCloseable startEmbedded(Map<String, Object> properties) {
    return EmbeddedStart.start(InjectorApplication.class, properties);
  }
}
