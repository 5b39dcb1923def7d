package io.portolan.events.sealed;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A ready-to-use registry login, sealed by the minter to one consumer: what goes into a {@code
 * .dockerconfigjson}, plus the connection secrets a consumer needs to reach the registry.
 *
 * @param server the registry host as clients name it ({@code host[:port]}, or {@code
 *     https://index.docker.io/v1/} for Docker Hub)
 * @param expiresAt null when the credential does not expire
 * @param repositorySession ECR, for a pusher only: a session that may create missing repositories;
 *     null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PullCredential(
    int schemaVersion,
    String registryId,
    String server,
    String username,
    String password,
    Instant issuedAt,
    Instant expiresAt,
    String proxyPassword,
    String sshPrivateKey,
    String sshPassword,
    AwsSession repositorySession) {
  public static final int SCHEMA_VERSION = 1;

  public PullCredential(
      int schemaVersion,
      String registryId,
      String server,
      String username,
      String password,
      Instant issuedAt,
      Instant expiresAt,
      String proxyPassword,
      String sshPrivateKey,
      String sshPassword) {
    this(
        schemaVersion,
        registryId,
        server,
        username,
        password,
        issuedAt,
        expiresAt,
        proxyPassword,
        sshPrivateKey,
        sshPassword,
        null);
  }

  public PullCredential(
      String registryId,
      String server,
      String username,
      String password,
      Instant issuedAt,
      Instant expiresAt) {
    this(
        SCHEMA_VERSION,
        registryId,
        server,
        username,
        password,
        issuedAt,
        expiresAt,
        null,
        null,
        null,
        null);
  }

  @Override
  public String toString() {
    return "PullCredential[registryId="
        + registryId
        + ", server="
        + server
        + ", username="
        + username
        + ", password=***, expiresAt="
        + expiresAt
        + "]";
  }
}
