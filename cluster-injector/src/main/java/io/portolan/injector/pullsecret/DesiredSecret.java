package io.portolan.injector.pullsecret;

import java.time.Instant;

/**
 * A pull secret one namespace should hold.
 *
 * @param dockerConfigJson the {@code .dockerconfigjson} bytes
 * @param contentHash sha256 of those bytes, kept in an annotation to compare without decoding
 */
public record DesiredSecret(
    String namespace,
    String name,
    String registryId,
    String registryName,
    long generation,
    Instant expiresAt,
    byte[] dockerConfigJson,
    String contentHash) {
  @Override
  public String toString() {
    return "DesiredSecret[" + namespace + "/" + name + ", generation " + generation + "]";
  }
}
