package io.portolan.catalog.registry;

import io.portolan.events.RegistrySnapshot;
import io.portolan.events.sealed.RootCredentials;
import java.util.Set;

/**
 * A validated registry request: the non-secret snapshot, the secrets it carries, which secret
 * fields it set, and which it removed (an explicit {@code null}). An update that omits a secret
 * keeps the stored one.
 */
public record RegistryRequest(
    RegistrySnapshot snapshot,
    RootCredentials secrets,
    Set<String> secretsGiven,
    Set<String> secretsRemoved) {
  @Override
  public String toString() {
    return "RegistryRequest["
        + snapshot.name()
        + ", secrets given "
        + secretsGiven
        + ", removed "
        + secretsRemoved
        + "]";
  }
}
