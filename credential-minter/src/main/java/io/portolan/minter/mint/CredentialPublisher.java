package io.portolan.minter.mint;

import io.portolan.events.CredentialIssued;
import io.portolan.events.CredentialRevoked;
import io.portolan.events.MintStatus;

/** Where the minter's decisions go (Kafka in production, a recorder in tests). */
public interface CredentialPublisher {
  void issued(CredentialIssued credential);

  void revoked(CredentialRevoked revocation);

  void status(MintStatus status);
}
