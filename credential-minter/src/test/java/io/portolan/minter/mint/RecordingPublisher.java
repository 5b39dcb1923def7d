package io.portolan.minter.mint;

import io.portolan.events.CredentialIssued;
import io.portolan.events.CredentialMinted;
import io.portolan.events.CredentialRevoked;
import io.portolan.events.MintStatus;
import io.portolan.events.PortolanEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Keeps what the minter published, in order; can fail the next sends of credentials. */
final class RecordingPublisher implements CredentialPublisher {
  final List<CredentialIssued> issued = new ArrayList<>();
  final List<CredentialRevoked> revoked = new ArrayList<>();
  final List<CredentialMinted> minted = new ArrayList<>();
  final List<String> forgotten = new ArrayList<>();
  final List<MintStatus> statuses = new ArrayList<>();

  /** Everything on the credentials topic, in order, as a restarted minter would read it. */
  final List<PortolanEvent> credentialsTopic = new ArrayList<>();

  int failNextIssues;

  @Override
  public synchronized CompletableFuture<?> issued(CredentialIssued credential) {
    if (failNextIssues > 0) {
      failNextIssues--;
      return CompletableFuture.failedFuture(new IllegalStateException("broker unavailable"));
    }
    issued.add(credential);
    credentialsTopic.add(credential);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<?> revoked(CredentialRevoked revocation) {
    revoked.add(revocation);
    credentialsTopic.add(revocation);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<?> minted(CredentialMinted record) {
    minted.add(record);
    credentialsTopic.add(record);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<?> forgetMint(String identityKey) {
    forgotten.add(identityKey);
    credentialsTopic.add(new CredentialRevoked(CredentialMinted.KEY_PREFIX, identityKey));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized void status(MintStatus status) {
    statuses.add(status);
  }

  @Override
  public void flush() {}

  synchronized List<MintStatus.State> states(String registryId) {
    return statuses.stream()
        .filter(s -> s.registryId().equals(registryId))
        .map(MintStatus::state)
        .toList();
  }
}
