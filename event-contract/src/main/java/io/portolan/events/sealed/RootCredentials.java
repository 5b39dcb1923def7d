package io.portolan.events.sealed;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A registry's root credentials, sealed by the catalog to the minter. Fields not used by the
 * registry's provider are null.
 *
 * @param password password or token (Docker Hub, Quay, ACR, Other)
 * @param accessKeyId ECR access key id ({@code ACCESS_KEYS} mode)
 * @param secretAccessKey ECR secret access key
 * @param serviceAccountKey GCR/GAR service-account JSON key
 * @param proxyPassword password for the HTTP proxy, when the connection uses one
 * @param sshPrivateKey OpenSSH private key for the SSH tunnel
 * @param sshPassword password for the SSH tunnel
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RootCredentials(
    int schemaVersion,
    String username,
    String password,
    String accessKeyId,
    String secretAccessKey,
    String serviceAccountKey,
    String proxyPassword,
    String sshPrivateKey,
    String sshPassword) {
  public static final int SCHEMA_VERSION = 1;

  public static RootCredentials usernamePassword(String username, String password) {
    return new RootCredentials(
        SCHEMA_VERSION, username, password, null, null, null, null, null, null);
  }

  @Override
  public String toString() {
    return "RootCredentials[username=" + username + ", secrets=***]";
  }
}
