package io.portolan.minter.mint;

import java.time.Instant;

/** A login the minter hands out. {@code expiresAt} is null when it does not expire. */
public record MintedCredential(
    String username, String password, Instant issuedAt, Instant expiresAt) {
  @Override
  public String toString() {
    return "MintedCredential[" + username + ", ***, expires " + expiresAt + "]";
  }
}
