package io.portolan.events;

import java.time.Instant;
import java.util.Objects;

/**
 * The minter's view of one registry's credential. Subject {@code registry/<registryId>}.
 *
 * @param message in words, for people; never contains secret material
 */
public record MintStatus(
    int schemaVersion,
    String registryId,
    State state,
    long generation,
    Instant expiresAt,
    String message,
    Instant at)
    implements StatusEvent {
  public static final int SCHEMA_VERSION = 1;

  /** What happened. */
  public enum State {
    MINTED,
    REFRESH_FAILED,
    EXPIRING,
    EXPIRED,
    REVOKED
  }

  public MintStatus {
    Objects.requireNonNull(registryId, "registryId");
    Objects.requireNonNull(state, "state");
  }

  public MintStatus(
      String registryId,
      State state,
      long generation,
      Instant expiresAt,
      String message,
      Instant at) {
    this(SCHEMA_VERSION, registryId, state, generation, expiresAt, message, at);
  }

  @Override
  public String key() {
    return "registry/" + registryId;
  }
}
