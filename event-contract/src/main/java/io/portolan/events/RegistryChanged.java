package io.portolan.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A registry was created, changed or deleted. Carries the full snapshot, so the latest event per
 * registry is its whole state; {@code revision} grows with every change.
 *
 * @param registry the snapshot; present even when {@code deleted}
 * @param rootCredentials the root credentials sealed to the minter; null for public registries
 */
public record RegistryChanged(
    int schemaVersion,
    String registryId,
    long revision,
    boolean deleted,
    RegistrySnapshot registry,
    SealedBox rootCredentials,
    Instant changedAt)
    implements RegistryEvent {
  public static final int SCHEMA_VERSION = 1;

  public RegistryChanged {
    Objects.requireNonNull(registryId, "registryId");
    Objects.requireNonNull(registry, "registry");
  }

  public RegistryChanged(
      String registryId,
      long revision,
      boolean deleted,
      RegistrySnapshot registry,
      SealedBox rootCredentials,
      Instant changedAt) {
    this(SCHEMA_VERSION, registryId, revision, deleted, registry, rootCredentials, changedAt);
  }

  @Override
  public String key() {
    return registryId;
  }
}
