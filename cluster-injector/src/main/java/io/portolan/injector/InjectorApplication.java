package io.portolan.injector;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
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
    ApplicationContext context =
        Micronaut.build(new String[0])
            .mainClass(InjectorApplication.class)
            .classLoader(InjectorApplication.class.getClassLoader())
            .properties(properties)
            .banner(false)
            .start();
    return context::close;
  }
}
