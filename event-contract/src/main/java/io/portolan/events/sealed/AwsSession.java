package io.portolan.events.sealed;

import java.time.Instant;

/**
 * Temporary AWS credentials (an STS session), scoped by the minter's session policy to creating and
 * describing ECR repositories of one account and region. Sealed to a pusher only, for registries
 * that allow it to create missing repositories; never to a cluster.
 */
public record AwsSession(
    String accessKeyId, String secretAccessKey, String sessionToken, Instant expiresAt) {
  @Override
  public String toString() {
    return "AwsSession[" + accessKeyId + ", ***, expires " + expiresAt + "]";
  }
}
