package io.portolan.catalog;

import io.micronaut.runtime.Micronaut;
import io.portolan.service.EmbeddedStart;
import java.util.Map;

/** Starts the registry catalog. */
public final class CatalogApplication {
  private CatalogApplication() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(CatalogApplication.class).banner(false).start();
  }

  /**
   * Starts the catalog inside another program (the embedded platform) with the given properties;
   * the caller closes what is returned.
   */
  public static AutoCloseable startEmbedded(Map<String, Object> properties) {
    return EmbeddedStart.start(CatalogApplication.class, properties);
  }
}
