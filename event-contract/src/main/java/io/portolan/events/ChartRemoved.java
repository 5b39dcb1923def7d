package io.portolan.events;

import java.time.Instant;
import java.util.Objects;

/** A chart version left the index (its tag is gone from the registry). */
public record ChartRemoved(
    int schemaVersion,
    String registryId,
    String repository,
    String name,
    String version,
    String digest,
    Instant removedAt)
    implements ChartEvent {
  public static final int SCHEMA_VERSION = 1;

  public ChartRemoved {
    Objects.requireNonNull(registryId, "registryId");
    Objects.requireNonNull(repository, "repository");
  }

  public ChartRemoved(
      String registryId,
      String repository,
      String name,
      String version,
      String digest,
      Instant removedAt) {
    this(SCHEMA_VERSION, registryId, repository, name, version, digest, removedAt);
  }
}
