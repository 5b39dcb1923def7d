package io.portolan.events;

import java.time.Instant;
import java.util.Objects;

/** The chart indexer's last pass over one registry. Subject {@code index/<registryId>}. */
public record IndexStatus(
    int schemaVersion,
    String registryId,
    State state,
    int repositories,
    int charts,
    int skipped,
    String message,
    Instant at)
    implements StatusEvent {
  public static final int SCHEMA_VERSION = 1;

  /** The outcome of the pass. */
  public enum State {
    INDEXED,
    PARTIAL,
    FAILED,
    CATALOG_REFUSED
  }

  public IndexStatus {
    Objects.requireNonNull(registryId, "registryId");
    Objects.requireNonNull(state, "state");
  }

  public IndexStatus(
      String registryId,
      State state,
      int repositories,
      int charts,
      int skipped,
      String message,
      Instant at) {
    this(SCHEMA_VERSION, registryId, state, repositories, charts, skipped, message, at);
  }

  @Override
  public String key() {
    return "index/" + registryId;
  }
}
