package io.portolan.providers;

import io.portolan.events.sealed.AwsSession;
import java.time.Instant;

/**
 * A registry login to hand out: {@code username} and {@code password} as {@code docker login} takes
 * them. {@code expiresAt} is null when it does not expire; with a {@code repositorySession} it is
 * the earlier of the two expiries.
 *
 * @param repositorySession ECR with repository creation on: a session narrowed to creating
 *     repositories, for pushers only; null otherwise
 */
public record MintedCredential(
    String username,
    String password,
    Instant issuedAt,
    Instant expiresAt,
    AwsSession repositorySession) {

  public MintedCredential(String username, String password, Instant issuedAt, Instant expiresAt) {
    this(username, password, issuedAt, expiresAt, null);
  }

  @Override
  public String toString() {
    return "MintedCredential["
        + username
        + ", ***, expires "
        + expiresAt
        + (repositorySession == null ? "" : ", with a repository session")
        + "]";
  }
}
