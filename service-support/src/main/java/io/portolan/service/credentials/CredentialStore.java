package io.portolan.service.credentials;

import io.portolan.events.CredentialEvent;
import io.portolan.events.CredentialIssued;
import io.portolan.events.CredentialRevoked;
import io.portolan.events.Envelope;
import io.portolan.events.sealed.PullCredential;
import io.portolan.sealing.Opener;
import io.portolan.sealing.SealingException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials the minter sealed to this consumer, opened. Reads every key of {@code
 * credentials} but keeps only {@code <consumerId>/...}; a credential with a generation not newer
 * than the one held changes nothing, and a tombstone removes it.
 *
 * <p>Thread-safe.
 */
public final class CredentialStore {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);

  /** An opened credential with the metadata it came with. */
  public record Held(
      String registryId,
      long generation,
      long registryRevision,
      Instant issuedAt,
      Instant expiresAt,
      PullCredential credential) {}

  /** Told when a registry's credential changes or is revoked ({@code held} empty). */
  public interface Listener {
    void changed(String registryId, Optional<Held> held);
  }

  private final String consumerId;
  private final Opener opener;
  private final Map<String, Held> byRegistry = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  public CredentialStore(String consumerId, Opener opener) {
    this.consumerId = consumerId;
    this.opener = opener;
  }

  /** The context a credential for this consumer and registry is sealed under. */
  public static String sealingContext(String consumerId, String registryId) {
    return "credential:" + consumerId + "/" + registryId;
  }

  public void onChange(Listener listener) {
    listeners.add(listener);
  }

  /** Applies an event from {@code credentials}; events for other consumers are ignored. */
  public void apply(Envelope<?> envelope) {
    if (!(envelope.event() instanceof CredentialEvent event)
        || !event.consumerId().equals(consumerId)) {
      return;
    }
    if (event instanceof CredentialRevoked revoked) {
      if (byRegistry.remove(revoked.registryId()) != null) {
        LOG.info("Credential for registry [{}] was revoked", revoked.registryId());
        listeners.forEach(l -> l.changed(revoked.registryId(), Optional.empty()));
      }
      return;
    }
    CredentialIssued issued = (CredentialIssued) event;
    Held current = byRegistry.get(issued.registryId());
    if (current != null && current.generation() >= issued.generation()) {
      return;
    }
    PullCredential credential;
    try {
      credential =
          opener.openJson(
              issued.credential(),
              sealingContext(consumerId, issued.registryId()),
              PullCredential.class);
    } catch (SealingException e) {
      LOG.warn(
          "Could not open the credential for registry [{}] generation [{}]: {}",
          issued.registryId(),
          issued.generation(),
          e.getMessage());
      return;
    }
    Held held =
        new Held(
            issued.registryId(),
            issued.generation(),
            issued.registryRevision(),
            issued.issuedAt(),
            issued.expiresAt(),
            credential);
    byRegistry.put(issued.registryId(), held);
    LOG.info(
        "Received credential for registry [{}] generation [{}], expires [{}]",
        issued.registryId(),
        issued.generation(),
        issued.expiresAt() == null ? "never" : issued.expiresAt());
    listeners.forEach(l -> l.changed(issued.registryId(), Optional.of(held)));
  }

  public Optional<Held> get(String registryId) {
    return Optional.ofNullable(byRegistry.get(registryId));
  }

  public Map<String, Held> all() {
    return Map.copyOf(byRegistry);
  }
}
