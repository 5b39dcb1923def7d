package io.portolan.service;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import java.util.Map;

/**
 * Starts a service inside another program (the embedded platform): its own application context,
 * from the service's class loader, with no JVM shutdown hook of its own, so that the host stops
 * services before the Kafka and PostgreSQL they use.
 */
public final class EmbeddedStart {
  private EmbeddedStart() {}

  /** Starts the context and its HTTP server; the caller closes what is returned. */
  public static AutoCloseable start(Class<?> application, Map<String, Object> properties) {
    ApplicationContext context =
        ApplicationContext.builder()
            .classLoader(application.getClassLoader())
            .mainClass(application)
            .properties(properties)
            .banner(false)
            .deduceEnvironment(false)
            .start();
    try {
      context.findBean(EmbeddedApplication.class).ifPresent(EmbeddedApplication::start);
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
    return context::close;
  }
}
