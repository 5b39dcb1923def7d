package io.portolan.events;

import java.time.Instant;
import java.util.Objects;

/**
 * The helm-pusher pushed a chart; the indexer re-indexes that repository at once.
 *
 * @param repository the full repository path inside the registry, e.g. {@code charts/signtest}
 * @param tag the OCI tag (the version with {@code +} written as {@code _})
 */
public record ChartPushed(
    int schemaVersion,
    String requestId,
    String registryId,
    String repository,
    String tag,
    String version,
    String digest,
    Instant pushedAt)
    implements ChartEvent {
  public static final int SCHEMA_VERSION = 1;

  public ChartPushed {
    Objects.requireNonNull(registryId, "registryId");
    Objects.requireNonNull(repository, "repository");
  }

  public ChartPushed(
      String requestId,
      String registryId,
      String repository,
      String tag,
      String version,
      String digest,
      Instant pushedAt) {
    this(SCHEMA_VERSION, requestId, registryId, repository, tag, version, digest, pushedAt);
  }
}
