package io.portolan.minter.kafka;

import io.portolan.events.CredentialIssued;
import io.portolan.events.CredentialMinted;
import io.portolan.events.CredentialRevoked;
import io.portolan.events.MintStatus;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.minter.mint.CredentialPublisher;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes the minter's output asynchronously (the producer batches); a failed send completes its
 * future exceptionally, and the core sends that credential again.
 */
public final class KafkaCredentialPublisher implements CredentialPublisher {
  private final EventPublisher publisher;

  public KafkaCredentialPublisher(EventPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public CompletableFuture<?> issued(CredentialIssued credential) {
    return publisher.publish(credential);
  }

  @Override
  public CompletableFuture<?> revoked(CredentialRevoked revocation) {
    return publisher.publish(revocation);
  }

  @Override
  public CompletableFuture<?> minted(CredentialMinted record) {
    return publisher.publish(record);
  }

  @Override
  public CompletableFuture<?> forgetMint(String identityKey) {
    return publisher.publish(new CredentialRevoked(CredentialMinted.KEY_PREFIX, identityKey));
  }

  @Override
  public void status(MintStatus status) {
    publisher.publish(status);
  }

  @Override
  public void flush() {
    publisher.flush();
  }
}
