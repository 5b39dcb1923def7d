package io.portolan.minter.mint;

import io.portolan.events.RegistryChanged;
import io.portolan.events.sealed.RootCredentials;

/** Mints a pull credential for one registry from its root credentials. */
public interface TokenMinter {
  MintedCredential mint(RegistryChanged registry, RootCredentials root) throws MintException;
}
