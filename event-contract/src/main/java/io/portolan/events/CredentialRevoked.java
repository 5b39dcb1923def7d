package io.portolan.events;

import java.util.Objects;

/**
 * The consumer may no longer use this registry. Travels as a Kafka tombstone (null value), so that
 * compaction removes the credential it replaces; both fields come from the key.
 */
public record CredentialRevoked(int schemaVersion, String consumerId, String registryId)
    implements CredentialEvent {
  public static final int SCHEMA_VERSION = 1;

  public CredentialRevoked {
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(registryId, "registryId");
  }

  public CredentialRevoked(String consumerId, String registryId) {
    this(SCHEMA_VERSION, consumerId, registryId);
  }

  /** Rebuilds the event from a {@code <consumerId>/<registryId>} key. */
  public static CredentialRevoked fromKey(String key) {
    int slash = key == null ? -1 : key.lastIndexOf('/');
    if (slash <= 0 || slash == key.length() - 1) {
      throw new IllegalArgumentException(
          "A credentials key must look like <consumerId>/<registryId>, got [" + key + "]");
    }
    return new CredentialRevoked(key.substring(0, slash), key.substring(slash + 1));
  }
}
