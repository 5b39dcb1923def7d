package io.portolan.events;

import java.time.Instant;
import java.util.Objects;

/**
 * The helm-pusher's result for one chart and one target. Subject {@code
 * push/<registryId>/<repository>}.
 */
public record PushStatus(
    int schemaVersion,
    String requestId,
    String registryId,
    String repository,
    String tag,
    String digest,
    State state,
    String message,
    Instant at)
    implements StatusEvent {
  public static final int SCHEMA_VERSION = 1;

  /** The outcome. */
  public enum State {
    PUSHED,
    FAILED
  }

  public PushStatus {
    Objects.requireNonNull(registryId, "registryId");
    Objects.requireNonNull(state, "state");
  }

  public PushStatus(
      String requestId,
      String registryId,
      String repository,
      String tag,
      String digest,
      State state,
      String message,
      Instant at) {
    this(SCHEMA_VERSION, requestId, registryId, repository, tag, digest, state, message, at);
  }

  @Override
  public String key() {
    return "push/" + registryId + "/" + repository;
  }
}
