package io.portolan.service.identity;

import io.portolan.events.Capability;
import io.portolan.events.ConsumerAnnounced;
import io.portolan.events.ConsumerApproved;
import io.portolan.events.ConsumerDecision;
import io.portolan.events.ConsumerKind;
import io.portolan.events.ConsumerRevoked;
import io.portolan.events.Envelope;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.sealing.JoinProofs;
import io.portolan.sealing.Opener;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.SealingKeys;
import io.portolan.sealing.Secret;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who this credential consumer is: its id ({@code cluster:<name>}, {@code indexer:<name>}, {@code
 * pusher:<name>}), its key pair, and the catalog's latest decision about it. At start it announces
 * its public key (with a join-token proof when one is configured); it receives credentials only
 * once the catalog approves that exact key.
 *
 * <p>Thread-safe.
 */
public final class ConsumerIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerIdentity.class);

  /** The catalog's view of this consumer. */
  public enum Approval {
    PENDING,
    APPROVED,
    /** Approved, but for another key than the one this instance holds. */
    APPROVED_OTHER_KEY,
    REVOKED
  }

  private final String consumerId;
  private final ConsumerKind kind;
  private final Set<Capability> capabilities;
  private final SealingKeys keys;
  private final Clock clock;
  private volatile Approval approval = Approval.PENDING;

  public ConsumerIdentity(
      ConsumerKind kind, String name, Set<Capability> capabilities, KeysetStore store, Clock clock)
      throws IOException, SealingException {
    this.kind = kind;
    this.consumerId = kind.consumerId(name);
    this.capabilities = Set.copyOf(capabilities);
    this.keys = store.loadOrCreate();
    this.clock = clock;
    LOG.info(
        "Consumer [{}] holds key [{}] (private keyset in {})",
        consumerId,
        keys.fingerprint(),
        store.describe());
  }

  public String consumerId() {
    return consumerId;
  }

  public String fingerprint() {
    return keys.fingerprint();
  }

  public Opener opener() {
    return keys.opener();
  }

  public Approval approval() {
    return approval;
  }

  /** Publishes this consumer's public key, with a proof of the join token when there is one. */
  public void announce(EventPublisher publisher, Secret joinToken, String joinTokenId) {
    String proof =
        joinToken == null ? null : JoinProofs.proof(joinToken, consumerId, keys.fingerprint());
    publisher.publishAndWait(
        new ConsumerAnnounced(
            consumerId,
            kind,
            keys.publicKeysetJson(),
            keys.fingerprint(),
            capabilities,
            joinToken == null ? null : joinTokenId,
            proof,
            "0.1.0",
            clock.instant()),
        Duration.ofSeconds(30));
    LOG.info(
        "Announced consumer [{}] with key [{}]{}",
        consumerId,
        keys.fingerprint(),
        joinToken == null
            ? "; waiting for an admin to approve it in the catalog"
            : " and a join-token proof");
  }

  /** Feeds decisions from {@code consumers.approved}; others' decisions are ignored. */
  public void onDecision(Envelope<?> envelope) {
    if (!(envelope.event() instanceof ConsumerDecision decision)
        || !decision.consumerId().equals(consumerId)) {
      return;
    }
    Approval next;
    if (decision instanceof ConsumerApproved approved) {
      next =
          approved.keyFingerprint().equals(keys.fingerprint())
              ? Approval.APPROVED
              : Approval.APPROVED_OTHER_KEY;
    } else if (decision instanceof ConsumerRevoked) {
      next = Approval.REVOKED;
    } else {
      return;
    }
    if (next != approval) {
      approval = next;
      switch (next) {
        case APPROVED -> LOG.info("Consumer [{}] is approved by the catalog", consumerId);
        case APPROVED_OTHER_KEY ->
            LOG.warn(
                "Consumer [{}] is approved for another key than [{}]; approve the new key in the"
                    + " catalog",
                consumerId,
                keys.fingerprint());
        case REVOKED -> LOG.warn("Consumer [{}] was revoked by the catalog", consumerId);
        default -> {}
      }
    }
  }
}
