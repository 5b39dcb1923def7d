package io.portolan.providers;

import io.portolan.events.RegistrySnapshot;
import io.portolan.events.sealed.RootCredentials;

/** Mints a pull credential for one registry from its root credentials. */
public interface TokenMinter {
  MintedCredential mint(RegistrySnapshot registry, RootCredentials root) throws MintException;
}
