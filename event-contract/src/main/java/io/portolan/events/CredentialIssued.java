package io.portolan.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A pull (or push) credential for one registry, sealed to one consumer's key.
 *
 * @param generation grows with every credential minted for this registry; handlers ignore older
 *     ones
 * @param registryRevision the registry revision the credential was minted for
 * @param expiresAt null when the credential does not expire (long-lived passwords passed through)
 * @param credential a {@code io.portolan.events.sealed.PullCredential} sealed to {@code consumerId}
 */
public record CredentialIssued(
    int schemaVersion,
    String consumerId,
    String registryId,
    long generation,
    long registryRevision,
    Instant issuedAt,
    Instant expiresAt,
    SealedBox credential)
    implements CredentialEvent {
  public static final int SCHEMA_VERSION = 1;

  public CredentialIssued {
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(registryId, "registryId");
    Objects.requireNonNull(credential, "credential");
  }

  public CredentialIssued(
      String consumerId,
      String registryId,
      long generation,
      long registryRevision,
      Instant issuedAt,
      Instant expiresAt,
      SealedBox credential) {
    this(
        SCHEMA_VERSION,
        consumerId,
        registryId,
        generation,
        registryRevision,
        issuedAt,
        expiresAt,
        credential);
  }
}
