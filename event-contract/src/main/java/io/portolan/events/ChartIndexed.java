package io.portolan.events;

import java.time.Instant;
import java.util.Objects;

/** A chart version entered (or changed in) the chart index. */
public record ChartIndexed(
    int schemaVersion,
    String registryId,
    String repository,
    String name,
    String version,
    String digest,
    Instant indexedAt)
    implements ChartEvent {
  public static final int SCHEMA_VERSION = 1;

  public ChartIndexed {
    Objects.requireNonNull(registryId, "registryId");
    Objects.requireNonNull(repository, "repository");
  }

  public ChartIndexed(
      String registryId,
      String repository,
      String name,
      String version,
      String digest,
      Instant indexedAt) {
    this(SCHEMA_VERSION, registryId, repository, name, version, digest, indexedAt);
  }
}
