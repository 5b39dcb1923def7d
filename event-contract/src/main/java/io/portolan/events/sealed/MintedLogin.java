package io.portolan.events.sealed;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A login the minter minted, sealed to the minter itself inside {@link
 * io.portolan.events.CredentialMinted}.
 *
 * @param expiresAt null when it does not expire
 * @param repositorySession ECR with repository creation on: the session the pusher gets; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MintedLogin(
    int schemaVersion,
    String username,
    String password,
    Instant issuedAt,
    Instant expiresAt,
    AwsSession repositorySession) {
  public static final int SCHEMA_VERSION = 1;

  public MintedLogin(
      String username,
      String password,
      Instant issuedAt,
      Instant expiresAt,
      AwsSession repositorySession) {
    this(SCHEMA_VERSION, username, password, issuedAt, expiresAt, repositorySession);
  }

  @Override
  public String toString() {
    return "MintedLogin[" + username + ", ***, expires " + expiresAt + "]";
  }
}
