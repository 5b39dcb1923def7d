package io.portolan.providers;

import java.time.Instant;

/**
 * A registry login to hand out: {@code username} and {@code password} as {@code docker login} takes
 * them. {@code expiresAt} is null when it does not expire.
 */
public record MintedCredential(
    String username, String password, Instant issuedAt, Instant expiresAt) {
  @Override
  public String toString() {
    return "MintedCredential[" + username + ", ***, expires " + expiresAt + "]";
  }
}
