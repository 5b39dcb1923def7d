package io.portolan.indexer;

import io.micronaut.runtime.Micronaut;
import io.portolan.service.EmbeddedStart;
import java.util.Map;

/** Starts the chart indexer. */
public final class IndexerApplication {
  private IndexerApplication() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(IndexerApplication.class).banner(false).start();
  }

  /**
   * Starts the indexer inside another program (the embedded platform) with the given properties;
   * the caller closes what is returned.
   */
  public static AutoCloseable startEmbedded(Map<String, Object> properties) {
    return EmbeddedStart.start(IndexerApplication.class, properties);
  }
}
