package io.portolan.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A credential the minter minted for one identity (the provider, account and principal that every
 * registry sharing it is minted with), sealed to the minter's own key. It lets a restarted minter,
 * or the instance that takes an identity over after a rebalance, hand out a credential that is
 * still fresh instead of minting it again. A tombstone for the key (read as a {@link
 * CredentialRevoked} with consumer id {@value #KEY_PREFIX}) forgets the identity.
 *
 * @param identityKey a hash of the identity (no secret can be read from it)
 * @param generation grows with every mint of this identity
 * @param expiresAt null when the login does not expire
 * @param credential a {@code io.portolan.events.sealed.MintedLogin} sealed to the minter, in
 *     context {@code mint:<identityKey>}
 */
public record CredentialMinted(
    int schemaVersion,
    String identityKey,
    long generation,
    Instant issuedAt,
    Instant expiresAt,
    SealedBox credential)
    implements MinterRecord {
  public static final int SCHEMA_VERSION = 1;
  public static final String KEY_PREFIX = "mint";

  public CredentialMinted {
    Objects.requireNonNull(identityKey, "identityKey");
    Objects.requireNonNull(credential, "credential");
  }

  public CredentialMinted(
      String identityKey,
      long generation,
      Instant issuedAt,
      Instant expiresAt,
      SealedBox credential) {
    this(SCHEMA_VERSION, identityKey, generation, issuedAt, expiresAt, credential);
  }

  /** The Kafka key of an identity's record. */
  public static String keyOf(String identityKey) {
    return KEY_PREFIX + "/" + identityKey;
  }

  @Override
  public String key() {
    return keyOf(identityKey);
  }
}
