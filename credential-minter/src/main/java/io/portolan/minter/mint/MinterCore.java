package io.portolan.minter.mint;

import io.portolan.events.Capability;
import io.portolan.events.ConsumerApproved;
import io.portolan.events.ConsumerDecision;
import io.portolan.events.ConsumerRevoked;
import io.portolan.events.CredentialEvent;
import io.portolan.events.CredentialIssued;
import io.portolan.events.CredentialRevoked;
import io.portolan.events.MintStatus;
import io.portolan.events.Provider;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.RegistrySnapshot.AccessMode;
import io.portolan.events.SealedBox;
import io.portolan.events.Visibility;
import io.portolan.events.sealed.PullCredential;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.providers.MintException;
import io.portolan.providers.MintedCredential;
import io.portolan.providers.TokenMinter;
import io.portolan.sealing.Opener;
import io.portolan.sealing.Sealer;
import io.portolan.sealing.SealingException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The minter's state and decisions: the registries, the approved consumers, and what was issued to
 * whom (rebuilt from {@code credentials} at start). For each registry it works out which consumers
 * its access policy grants, mints when some granted consumer lacks a current credential, seals the
 * result to each of them, and revokes (tombstones) exactly the keys that lost access.
 *
 * <p>Idempotent: a registry revision, a decision or an issued record seen twice changes nothing.
 *
 * <p>Thread-safe: every method is synchronized; calls come from the consumer threads.
 */
public final class MinterCore {
  private static final Logger LOG = LoggerFactory.getLogger(MinterCore.class);

  /** What was issued to one consumer for one registry. */
  record Issued(long generation, long registryRevision, String recipient, Instant expiresAt) {}

  /** The current mint of one registry, held in memory only. */
  record Mint(long generation, long registryRevision, MintedCredential credential) {}

  private final Opener minterOpener;
  private final Function<RegistrySnapshot, TokenMinter> minters;
  private final CredentialPublisher publisher;
  private final Clock clock;
  private final Map<String, RegistryChanged> registries = new HashMap<>();
  private final Map<String, ConsumerApproved> approved = new HashMap<>();
  private final Map<String, Issued> issued = new HashMap<>(); // by <consumerId>/<registryId>
  private final Map<String, Mint> mints = new HashMap<>();

  public MinterCore(
      Opener minterOpener,
      Function<RegistrySnapshot, TokenMinter> minters,
      CredentialPublisher publisher,
      Clock clock) {
    this.minterOpener = minterOpener;
    this.minters = minters;
    this.publisher = publisher;
    this.clock = clock;
  }

  /** The context the catalog seals root credentials under. */
  public static String rootContext(String registryId) {
    return "root:" + registryId;
  }

  /** The context a consumer's credential is sealed under. */
  public static String credentialContext(String consumerId, String registryId) {
    return "credential:" + consumerId + "/" + registryId;
  }

  public synchronized void onRegistry(RegistryChanged change) {
    RegistryChanged current = registries.get(change.registryId());
    if (current != null && current.revision() >= change.revision()) {
      return;
    }
    registries.put(change.registryId(), change);
    reconcile(change.registryId());
  }

  public synchronized void onDecision(ConsumerDecision decision) {
    if (decision instanceof ConsumerApproved a) {
      ConsumerApproved previous = approved.put(a.consumerId(), a);
      if (previous != null && previous.equals(a)) {
        return;
      }
    } else if (decision instanceof ConsumerRevoked r) {
      if (approved.remove(r.consumerId()) == null) {
        return;
      }
    }
    List.copyOf(registries.keySet()).forEach(this::reconcile);
  }

  /** Rebuilds what was issued from the minter's own output on {@code credentials}. */
  public synchronized void onCredentialRecord(CredentialEvent event) {
    if (event instanceof CredentialIssued i) {
      Issued current = issued.get(i.key());
      if (current == null || current.generation() <= i.generation()) {
        issued.put(
            i.key(),
            new Issued(
                i.generation(), i.registryRevision(), i.credential().recipient(), i.expiresAt()));
      }
    } else if (event instanceof CredentialRevoked r) {
      issued.remove(r.key());
    }
  }

  /** Whether a consumer may hold the registry's credential under its access policy and usage. */
  static boolean grants(RegistryChanged registry, ConsumerApproved consumer) {
    RegistrySnapshot s = registry.registry();
    if (registry.deleted()
        || s.visibility() == Visibility.PUBLIC
        || registry.rootCredentials() == null) {
      return false;
    }
    if (consumer.kind() == null) {
      return false;
    }
    return switch (consumer.kind()) {
      case CLUSTER ->
          s.access().mode() == AccessMode.SAME_AS_REGISTRY
              && s.access().grants(consumer.instanceName());
      case INDEXER -> s.usage().chartRepository();
      case PUSHER -> s.usage().pushHelm() && consumer.capabilities().contains(Capability.PUSH);
    };
  }

  private void reconcile(String registryId) {
    RegistryChanged registry = registries.get(registryId);
    Set<ConsumerApproved> wanted = new LinkedHashSet<>();
    if (registry != null) {
      approved.values().stream().filter(c -> grants(registry, c)).forEach(wanted::add);
    }
    Set<String> wantedKeys = new LinkedHashSet<>();
    wanted.forEach(c -> wantedKeys.add(CredentialEvent.keyOf(c.consumerId(), registryId)));
    for (String key : List.copyOf(issued.keySet())) {
      if (key.endsWith("/" + registryId) && !wantedKeys.contains(key)) {
        CredentialRevoked revocation = CredentialRevoked.fromKey(key);
        publisher.revoked(revocation);
        issued.remove(key);
        LOG.info("Revoked credential [{}]", key);
      }
    }
    if (registry == null || registry.deleted()) {
      mints.remove(registryId);
      if (registry != null) {
        publisher.status(
            new MintStatus(
                registryId,
                MintStatus.State.REVOKED,
                0,
                null,
                "registry deleted",
                clock.instant()));
      }
      return;
    }
    List<ConsumerApproved> lacking =
        wanted.stream().filter(c -> lacksCurrent(c, registry)).toList();
    if (lacking.isEmpty()) {
      return;
    }
    Mint mint = mints.get(registryId);
    if (mint == null || mint.registryRevision() != registry.revision()) {
      mint = mint(registry);
      if (mint == null) {
        return;
      }
    }
    for (ConsumerApproved consumer : lacking) {
      issue(registry, consumer, mint);
    }
  }

  private boolean lacksCurrent(ConsumerApproved consumer, RegistryChanged registry) {
    Issued current =
        issued.get(CredentialEvent.keyOf(consumer.consumerId(), registry.registryId()));
    Mint mint = mints.get(registry.registryId());
    return current == null
        || current.registryRevision() < registry.revision()
        || !current.recipient().equals(consumer.keyFingerprint())
        || (mint != null && current.generation() < mint.generation())
        || (current.expiresAt() != null && !current.expiresAt().isAfter(clock.instant()));
  }

  private Mint mint(RegistryChanged registry) {
    String id = registry.registryId();
    long generation =
        Math.max(
                mints.containsKey(id) ? mints.get(id).generation() : 0,
                issued.entrySet().stream()
                    .filter(e -> e.getKey().endsWith("/" + id))
                    .mapToLong(e -> e.getValue().generation())
                    .max()
                    .orElse(0))
            + 1;
    try {
      RootCredentials root =
          minterOpener.openJson(registry.rootCredentials(), rootContext(id), RootCredentials.class);
      TokenMinter minter = minters.apply(registry.registry());
      MintedCredential credential = minter.mint(registry.registry(), root);
      Mint mint = new Mint(generation, registry.revision(), credential);
      mints.put(id, mint);
      publisher.status(
          new MintStatus(
              id,
              MintStatus.State.MINTED,
              generation,
              credential.expiresAt(),
              "minted for " + registry.registry().provider(),
              clock.instant()));
      LOG.info(
          "Minted credential generation [{}] for registry [{}] ({})",
          generation,
          registry.registry().name(),
          id);
      return mint;
    } catch (SealingException e) {
      fail(registry, "could not open the root credentials: " + e.getMessage());
    } catch (MintException e) {
      fail(registry, e.getMessage());
    }
    return null;
  }

  private void fail(RegistryChanged registry, String reason) {
    LOG.warn(
        "Could not mint for registry [{}] ({}): {}",
        registry.registry().name(),
        registry.registryId(),
        reason);
    Mint last = mints.get(registry.registryId());
    publisher.status(
        new MintStatus(
            registry.registryId(),
            MintStatus.State.REFRESH_FAILED,
            last == null ? 0 : last.generation(),
            last == null ? null : last.credential().expiresAt(),
            reason,
            clock.instant()));
  }

  private void issue(RegistryChanged registry, ConsumerApproved consumer, Mint mint) {
    String registryId = registry.registryId();
    MintedCredential c = mint.credential();
    PullCredential pull =
        new PullCredential(
            registryId,
            server(registry.registry()),
            c.username(),
            c.password(),
            c.issuedAt(),
            c.expiresAt());
    SealedBox box;
    try {
      box =
          Sealer.forPublicKeyset(consumer.publicKeyset())
              .sealJson(pull, credentialContext(consumer.consumerId(), registryId));
    } catch (SealingException e) {
      LOG.warn(
          "Consumer [{}] has an unreadable public keyset: {}",
          consumer.consumerId(),
          e.getMessage());
      return;
    }
    CredentialIssued event =
        new CredentialIssued(
            consumer.consumerId(),
            registryId,
            mint.generation(),
            registry.revision(),
            c.issuedAt(),
            c.expiresAt(),
            box);
    publisher.issued(event);
    issued.put(
        event.key(),
        new Issued(mint.generation(), registry.revision(), box.recipient(), c.expiresAt()));
    LOG.info("Issued credential [{}] generation [{}]", event.key(), mint.generation());
  }

  /** The server name a pull secret uses for the registry (Docker Hub's is historical). */
  static String server(RegistrySnapshot s) {
    return s.provider() == Provider.DOCKER_HUB ? "https://index.docker.io/v1/" : s.host();
  }
}
