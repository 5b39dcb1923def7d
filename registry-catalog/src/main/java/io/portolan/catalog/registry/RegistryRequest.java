package io.portolan.catalog.registry;

import io.portolan.events.RegistrySnapshot;
import io.portolan.events.sealed.RootCredentials;
import java.util.Set;

/**
 * A validated registry request: the non-secret snapshot, the secrets it carries, and which secret
 * fields it set (an update that omits a secret keeps the stored one).
 */
public record RegistryRequest(
    RegistrySnapshot snapshot, RootCredentials secrets, Set<String> secretsGiven) {
  @Override
  public String toString() {
    return "RegistryRequest[" + snapshot.name() + ", secrets=" + secretsGiven + "]";
  }
}
