package io.portolan.minter.kafka;

import io.portolan.events.CredentialIssued;
import io.portolan.events.CredentialRevoked;
import io.portolan.events.MintStatus;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.minter.mint.CredentialPublisher;
import java.time.Duration;

/** Publishes the minter's output; credentials wait for the broker's acknowledgement. */
public final class KafkaCredentialPublisher implements CredentialPublisher {
  private final EventPublisher publisher;

  public KafkaCredentialPublisher(EventPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public void issued(CredentialIssued credential) {
    publisher.publishAndWait(credential, Duration.ofSeconds(30));
  }

  @Override
  public void revoked(CredentialRevoked revocation) {
    publisher.publishAndWait(revocation, Duration.ofSeconds(30));
  }

  @Override
  public void status(MintStatus status) {
    publisher.publish(status);
  }
}
