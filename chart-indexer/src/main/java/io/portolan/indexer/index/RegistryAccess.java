package io.portolan.indexer.index;

import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.Visibility;
import io.portolan.events.sealed.PullCredential;
import io.portolan.oci.RegistryClient;
import io.portolan.service.credentials.CredentialStore;
import io.portolan.service.registries.RegistryClients;

/**
 * Clients for registries with the credential sealed to this indexer, for chart indexing and image
 * metadata alike.
 *
 * <p>Thread-safe.
 */
public final class RegistryAccess {
  private final RegistryClients clients;
  private final CredentialStore credentials;

  public RegistryAccess(RegistryClients clients, CredentialStore credentials) {
    this.clients = clients;
    this.credentials = credentials;
  }

  /** A client for the registry, or null when it is private and no credential has arrived yet. */
  public RegistryClient client(RegistryChanged registry) {
    RegistrySnapshot s = registry.registry();
    PullCredential credential =
        credentials.get(registry.registryId()).map(CredentialStore.Held::credential).orElse(null);
    if (credential == null && s.visibility() != Visibility.PUBLIC) {
      return null;
    }
    return clients.client(s, credential);
  }
}
