package io.portolan.minter.mint;

import io.portolan.events.CredentialIssued;
import io.portolan.events.CredentialMinted;
import io.portolan.events.CredentialRevoked;
import io.portolan.events.MintStatus;
import java.util.concurrent.CompletableFuture;

/**
 * Where the minter's decisions go (Kafka in production, a recorder in tests). Sends are
 * asynchronous; a failed send completes its future exceptionally and the minter sends again later.
 */
public interface CredentialPublisher {
  CompletableFuture<?> issued(CredentialIssued credential);

  CompletableFuture<?> revoked(CredentialRevoked revocation);

  /** The minter's own record of a mint, sealed to itself. */
  CompletableFuture<?> minted(CredentialMinted record);

  /** Forgets an identity's record (a tombstone). */
  CompletableFuture<?> forgetMint(String identityKey);

  void status(MintStatus status);

  /** Waits until everything sent so far is acknowledged or failed. */
  void flush();
}
