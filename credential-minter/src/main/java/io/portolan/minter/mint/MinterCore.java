package io.portolan.minter.mint;

import io.portolan.events.Capability;
import io.portolan.events.ConsumerApproved;
import io.portolan.events.ConsumerDecision;
import io.portolan.events.ConsumerKind;
import io.portolan.events.ConsumerRevoked;
import io.portolan.events.CredentialIssued;
import io.portolan.events.CredentialMinted;
import io.portolan.events.CredentialRevoked;
import io.portolan.events.MintStatus;
import io.portolan.events.PortolanEvent;
import io.portolan.events.Provider;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.RegistrySnapshot.AccessMode;
import io.portolan.events.SealedBox;
import io.portolan.events.Visibility;
import io.portolan.events.sealed.AwsSession;
import io.portolan.events.sealed.MintedLogin;
import io.portolan.events.sealed.PullCredential;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.providers.MintException;
import io.portolan.providers.MintedCredential;
import io.portolan.providers.TokenMinter;
import io.portolan.sealing.Sealer;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.SealingKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The minter's state and decisions. It knows every registry, every approved consumer, what was
 * issued to whom and the current mint of every identity (all rebuilt from the compacted topics at
 * start), and decides:
 *
 * <ul>
 *   <li>which identity each registry is minted with: registries sharing an identity (provider,
 *       account and region, principal) share one upstream mint;
 *   <li>which identities are due: no credential yet, past their refresh time, or expired, and
 *       wanted by at least one consumer; a failed mint waits for its retry delay;
 *   <li>which consumers lack the current credential of a registry their access policy grants, and
 *       which keys lost access (tombstones, for exactly those keys).
 * </ul>
 *
 * Minting itself (network calls) happens outside, in {@link MintScheduler}, which reports back
 * through {@link #completed} and {@link #failed}. With several minter instances each identity has
 * one owner ({@link #setOwnership}); only the owner mints it and publishes for its registries, and
 * every instance keeps the whole state, so a new owner reuses fresh credentials instead of minting.
 *
 * <p>Idempotent: a registry revision, a decision or a record seen twice changes nothing.
 *
 * <p>Thread-safe: every method that touches state is synchronized and makes no network call of its
 * own; publishing is asynchronous.
 */
public final class MinterCore {
  private static final Logger LOG = LoggerFactory.getLogger(MinterCore.class);

  /** A mint to do: an identity, and one of its registries to mint it with. */
  public record MintJob(
      String identityKey,
      RegistrySnapshot registry,
      RootCredentials root,
      TokenMinter minter,
      String rateLimitKey) {}

  /** What was issued to one consumer for one registry. */
  record Issued(long generation, long registryRevision, String recipient, Instant expiresAt) {}

  /** The data key a consumer's credentials of one identity generation are sealed under. */
  private record DataKeyBatch(long generation, Sealer.Batch batch) {}

  /** An identity: its registries, its current credential, and when to mint next. */
  static final class IdentityState {
    final String key;
    final Set<String> registries = new TreeSet<>();
    MintedCredential current;
    long generation;
    Instant nextRefresh;
    int failures;
    Instant nextAttempt;
    boolean inFlight;
    boolean expiringReported;
    boolean expiredReported;

    IdentityState(String key) {
      this.key = key;
    }
  }

  private final SealingKeys minterKeys;
  private final Sealer selfSealer;
  private final Function<RegistrySnapshot, TokenMinter> minters;
  private final BiFunction<RegistrySnapshot, RootCredentials, String> identities;
  private final CredentialPublisher publisher;
  private final Clock clock;
  private final RefreshPolicy policy;
  private final RandomGenerator random;
  private Predicate<String> owns = key -> true;
  private Runnable onWork = () -> {};
  private boolean live;

  private final Map<String, RegistryChanged> registries = new HashMap<>();
  private final Map<String, RootCredentials> roots = new HashMap<>();
  private final Map<String, String> identityOf = new HashMap<>(); // registry -> identity key
  private final Map<String, String> lastIdentityOf = new HashMap<>();
  private final Map<String, IdentityState> states = new HashMap<>();
  private final Map<String, Set<String>> wanted = new HashMap<>(); // registry -> consumer ids
  private final Map<String, ConsumerApproved> approved = new HashMap<>();
  private final Map<String, Sealer> sealers = new HashMap<>(); // by public keyset
  private final Map<String, DataKeyBatch> batches = new HashMap<>(); // by consumer and identity
  // what each consumer holds, by registry id, then consumer id
  private final Map<String, Map<String, Issued>> issued = new HashMap<>();

  /**
   * @param minterKeys the minter's keys: open root credentials and its own mint records, seal them
   * @param minters the minter for a registry's provider
   * @param identities the identity a registry is minted with ({@code Providers::identity})
   */
  public MinterCore(
      SealingKeys minterKeys,
      Function<RegistrySnapshot, TokenMinter> minters,
      BiFunction<RegistrySnapshot, RootCredentials, String> identities,
      CredentialPublisher publisher,
      Clock clock,
      RefreshPolicy policy,
      RandomGenerator random) {
    this.minterKeys = minterKeys;
    this.selfSealer = minterKeys.sealer();
    this.minters = minters;
    this.identities = identities;
    this.publisher = publisher;
    this.clock = clock;
    this.policy = policy;
    this.random = random;
  }

  /** The context the catalog seals root credentials under. */
  public static String rootContext(String registryId) {
    return "root:" + registryId;
  }

  /** The context a consumer's credential is sealed under. */
  public static String credentialContext(String consumerId, String registryId) {
    return "credential:" + consumerId + "/" + registryId;
  }

  /** The context of the minter's own record of an identity's mint. */
  public static String mintContext(String identityKey) {
    return "mint:" + identityKey;
  }

  /** A short hash of an identity: its key in state and on the credentials topic. */
  public static String identityKey(String identity) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Called when a mint becomes due outside the scheduler's own rhythm. */
  public synchronized void onWork(Runnable onWork) {
    this.onWork = onWork;
  }

  /**
   * Which identities (and registries without one, by {@code registry:<id>}) this instance owns.
   * Newly owned ones are reconciled at once, from the state every instance keeps.
   */
  public synchronized void setOwnership(Predicate<String> owns) {
    this.owns = owns;
    List.copyOf(registries.keySet()).forEach(this::reconcile);
    onWork.run();
  }

  /**
   * The state has been read up to date: from now on identities left without registries are
   * forgotten (before, their registries may simply not have been read yet).
   */
  public synchronized void goLive() {
    live = true;
    for (IdentityState state : List.copyOf(states.values())) {
      forgetIfUnused(state);
    }
    onWork.run();
  }

  // ---- inputs -------------------------------------------------------------------------------

  public synchronized void onRegistry(RegistryChanged change) {
    String id = change.registryId();
    RegistryChanged current = registries.get(id);
    if (current != null && current.revision() >= change.revision()) {
      return;
    }
    registries.put(id, change);
    String previous = identityOf.remove(id);
    if (previous != null) {
      lastIdentityOf.put(id, previous);
      IdentityState old = states.get(previous);
      if (old != null) {
        old.registries.remove(id);
      }
    }
    roots.remove(id);
    RegistrySnapshot s = change.registry();
    if (!change.deleted()
        && s.visibility() != Visibility.PUBLIC
        && change.rootCredentials() != null) {
      try {
        RootCredentials root =
            minterKeys
                .opener()
                .openJson(change.rootCredentials(), rootContext(id), RootCredentials.class);
        roots.put(id, root);
        String key = identityKey(identities.apply(s, root));
        identityOf.put(id, key);
        lastIdentityOf.put(id, key);
        states.computeIfAbsent(key, IdentityState::new).registries.add(id);
      } catch (SealingException e) {
        if (owns.test(ownerKey(id))) {
          status(
              id,
              MintStatus.State.REFRESH_FAILED,
              0,
              null,
              "could not open the root credentials: " + e.getMessage());
        }
      }
    }
    reconcile(id);
    if (previous != null && states.containsKey(previous)) {
      forgetIfUnused(states.get(previous));
    }
    if (change.deleted()) {
      if (owns.test(ownerKey(id))) {
        status(id, MintStatus.State.REVOKED, 0, null, "registry deleted");
      }
      // the deleted revision stays, so that a replayed older revision changes nothing
      wanted.remove(id);
      lastIdentityOf.remove(id);
    }
    onWork.run();
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
    onWork.run();
  }

  /**
   * Rebuilds what was issued and the identities' current mints from the minter's own output on
   * {@code credentials}.
   */
  public synchronized void onCredentialRecord(PortolanEvent event) {
    if (event instanceof CredentialIssued i) {
      Map<String, Issued> ofRegistry = issued.computeIfAbsent(i.registryId(), k -> new HashMap<>());
      Issued current = ofRegistry.get(i.consumerId());
      if (current == null || current.generation() <= i.generation()) {
        ofRegistry.put(
            i.consumerId(),
            new Issued(
                i.generation(), i.registryRevision(), i.credential().recipient(), i.expiresAt()));
      }
    } else if (event instanceof CredentialRevoked r) {
      if (CredentialMinted.KEY_PREFIX.equals(r.consumerId())) {
        IdentityState state = states.get(r.registryId());
        if (state != null && state.registries.isEmpty()) {
          states.remove(r.registryId());
        }
      } else {
        Map<String, Issued> ofRegistry = issued.get(r.registryId());
        if (ofRegistry != null) {
          ofRegistry.remove(r.consumerId());
        }
      }
    } else if (event instanceof CredentialMinted m) {
      IdentityState state = states.computeIfAbsent(m.identityKey(), IdentityState::new);
      if (state.current != null && state.generation >= m.generation()) {
        return;
      }
      try {
        MintedLogin login =
            minterKeys
                .opener()
                .openJson(m.credential(), mintContext(m.identityKey()), MintedLogin.class);
        MintedCredential credential =
            new MintedCredential(
                login.username(),
                login.password(),
                login.issuedAt(),
                login.expiresAt(),
                login.repositorySession());
        state.current = credential;
        state.generation = m.generation();
        state.failures = 0;
        state.nextAttempt = null;
        state.expiringReported = false;
        state.expiredReported = false;
        state.nextRefresh = policy.nextRefresh(credential, interval(state), random);
      } catch (SealingException e) {
        LOG.warn(
            "Cannot open the mint record of identity [{}]: {}", m.identityKey(), e.getMessage());
      }
    }
  }

  // ---- minting --------------------------------------------------------------------------------

  /**
   * The identities to mint now, marked in flight: owned, used by a registry some consumer wants,
   * without a usable credential or past their refresh time, and not waiting for a retry.
   */
  public synchronized List<MintJob> due() {
    Instant now = clock.instant();
    List<MintJob> jobs = new ArrayList<>();
    for (IdentityState state : states.values()) {
      if (state.inFlight || state.registries.isEmpty() || !owns.test(state.key)) {
        continue;
      }
      boolean needed =
          state.current == null
              || expired(state.current, now)
              || state.nextRefresh == null
              || !now.isBefore(state.nextRefresh);
      if (!needed || (state.nextAttempt != null && now.isBefore(state.nextAttempt))) {
        continue;
      }
      String registryId = null;
      for (String id : state.registries) {
        if (!wanted.getOrDefault(id, Set.of()).isEmpty()) {
          registryId = id;
          break;
        }
      }
      if (registryId == null) {
        continue; // nobody would receive it
      }
      RegistrySnapshot s = registries.get(registryId).registry();
      state.inFlight = true;
      jobs.add(new MintJob(state.key, s, roots.get(registryId), minters.apply(s), rateLimitKey(s)));
    }
    return jobs;
  }

  /** A mint succeeded: it becomes the identity's credential, for all its registries. */
  public synchronized void completed(MintJob job, MintedCredential credential) {
    IdentityState state = states.get(job.identityKey());
    if (state == null) {
      return; // its last registry went away meanwhile
    }
    state.inFlight = false;
    state.generation = Math.max(state.generation + 1, credential.issuedAt().toEpochMilli());
    state.current = credential;
    state.failures = 0;
    state.nextAttempt = null;
    state.expiringReported = false;
    state.expiredReported = false;
    state.nextRefresh = policy.nextRefresh(credential, interval(state), random);
    SealedBox self =
        selfSealer.sealJson(
            new MintedLogin(
                credential.username(),
                credential.password(),
                credential.issuedAt(),
                credential.expiresAt(),
                credential.repositorySession()),
            mintContext(state.key));
    publisher.minted(
        new CredentialMinted(
            state.key, state.generation, credential.issuedAt(), credential.expiresAt(), self));
    LOG.info(
        "Minted identity [{}] generation [{}] for {} registries ({}), expires {}, next refresh {}",
        state.key,
        state.generation,
        state.registries.size(),
        job.registry().provider(),
        credential.expiresAt(),
        state.nextRefresh);
    for (String id : state.registries) {
      status(
          id,
          MintStatus.State.MINTED,
          state.generation,
          credential.expiresAt(),
          "minted for " + job.registry().provider() + shared(state));
      reconcile(id);
    }
  }

  /** A mint failed: retry later; the last good credential stays in use until it expires. */
  public synchronized void failed(MintJob job, MintException failure) {
    IdentityState state = states.get(job.identityKey());
    if (state == null) {
      return;
    }
    state.inFlight = false;
    state.failures++;
    Duration delay = policy.retryDelay(state.failures, random);
    state.nextAttempt = clock.instant().plus(delay);
    boolean usable = state.current != null && !expired(state.current, clock.instant());
    String message =
        failure.getMessage()
            + "; attempt "
            + state.failures
            + ", next in "
            + Math.max(1, delay.toSeconds())
            + " s"
            + (usable
                ? "; the last credential stays in use"
                    + (state.current.expiresAt() == null
                        ? ""
                        : " until " + state.current.expiresAt())
                : "");
    LOG.warn(
        "Could not mint identity [{}] ({} registries): {}",
        state.key,
        state.registries.size(),
        message);
    for (String id : state.registries) {
      status(
          id,
          MintStatus.State.REFRESH_FAILED,
          state.current == null ? 0 : state.generation,
          state.current == null ? null : state.current.expiresAt(),
          message);
    }
  }

  /** Reports credentials that are about to expire or have expired (once per mint). */
  public synchronized void checkExpiry() {
    Instant now = clock.instant();
    for (IdentityState state : states.values()) {
      if (state.current == null
          || state.current.expiresAt() == null
          || !owns.test(state.key)
          || state.registries.isEmpty()) {
        continue;
      }
      if (expired(state.current, now)) {
        if (!state.expiredReported) {
          state.expiredReported = true;
          state.registries.forEach(
              id ->
                  status(
                      id,
                      MintStatus.State.EXPIRED,
                      state.generation,
                      state.current.expiresAt(),
                      "the credential expired and no new one could be minted"));
        }
      } else if (RefreshPolicy.expiring(state.current, now) && !state.expiringReported) {
        state.expiringReported = true;
        state.registries.forEach(
            id ->
                status(
                    id,
                    MintStatus.State.EXPIRING,
                    state.generation,
                    state.current.expiresAt(),
                    "under a fifth of its lifetime left"));
      }
    }
  }

  /** Reconciles every owned registry again (after a failed publish, or periodically). */
  public synchronized void resync() {
    List.copyOf(registries.keySet()).forEach(this::reconcile);
  }

  // ---- what consumers get -------------------------------------------------------------------

  /** Whether a consumer may hold the registry's credential under its access policy and usage. */
  static boolean grants(RegistryChanged registry, ConsumerApproved consumer) {
    RegistrySnapshot s = registry.registry();
    if (registry.deleted()
        || s.visibility() == Visibility.PUBLIC
        || registry.rootCredentials() == null
        || consumer.kind() == null) {
      return false;
    }
    return switch (consumer.kind()) {
      case CLUSTER ->
          s.access().mode() == AccessMode.SAME_AS_REGISTRY
              && s.access().grants(consumer.instanceName());
      case INDEXER -> s.usage().chartRepository() || s.usage().pushImages();
      case PUSHER -> s.usage().pushHelm() && consumer.capabilities().contains(Capability.PUSH);
    };
  }

  private void reconcile(String registryId) {
    RegistryChanged registry = registries.get(registryId);
    Set<String> granted = new LinkedHashSet<>();
    if (registry != null) {
      for (ConsumerApproved c : approved.values()) {
        if (grants(registry, c)) {
          granted.add(c.consumerId());
        }
      }
    }
    wanted.put(registryId, granted);
    if (!owns.test(ownerKey(registryId))) {
      return;
    }
    Map<String, Issued> held = issued.getOrDefault(registryId, Map.of());
    for (String consumerId : List.copyOf(held.keySet())) {
      if (!granted.contains(consumerId)) {
        publisher.revoked(new CredentialRevoked(consumerId, registryId));
        held.remove(consumerId);
        LOG.info("Revoked credential [{}/{}]", consumerId, registryId);
      }
    }
    if (registry == null || registry.deleted()) {
      return;
    }
    String identity = identityOf.get(registryId);
    IdentityState state = identity == null ? null : states.get(identity);
    if (state == null || state.current == null || expired(state.current, clock.instant())) {
      return; // due() mints it
    }
    for (String consumerId : granted) {
      ConsumerApproved consumer = approved.get(consumerId);
      if (lacksCurrent(consumer, registry, state)) {
        issue(registry, consumer, state);
      }
    }
  }

  private boolean lacksCurrent(
      ConsumerApproved consumer, RegistryChanged registry, IdentityState state) {
    Issued current =
        issued.getOrDefault(registry.registryId(), Map.of()).get(consumer.consumerId());
    return current == null
        || current.registryRevision() < registry.revision()
        || !current.recipient().equals(consumer.keyFingerprint())
        || current.generation() < state.generation;
  }

  private void issue(RegistryChanged registry, ConsumerApproved consumer, IdentityState state) {
    String registryId = registry.registryId();
    MintedCredential c = state.current;
    RootCredentials root = roots.get(registryId);
    PullCredential pull =
        new PullCredential(
            PullCredential.SCHEMA_VERSION,
            registryId,
            server(registry.registry()),
            c.username(),
            c.password(),
            c.issuedAt(),
            c.expiresAt(),
            root == null ? null : root.proxyPassword(),
            root == null ? null : root.sshPrivateKey(),
            root == null ? null : root.sshPassword(),
            repositorySessionFor(consumer, registry.registry(), c));
    SealedBox box;
    try {
      box =
          batchFor(consumer, state)
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
            state.generation,
            registry.revision(),
            c.issuedAt(),
            c.expiresAt(),
            box);
    Issued record =
        new Issued(state.generation, registry.revision(), box.recipient(), c.expiresAt());
    issued.computeIfAbsent(registryId, k -> new HashMap<>()).put(consumer.consumerId(), record);
    publisher
        .issued(event)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                forgetIssued(event, record, error);
              }
            });
    LOG.debug("Issued credential [{}] generation [{}]", event.key(), state.generation);
  }

  /**
   * The session that creates ECR repositories goes only to pushers, and only for registries that
   * allow it; clusters and indexers never see it.
   */
  static AwsSession repositorySessionFor(
      ConsumerApproved consumer, RegistrySnapshot registry, MintedCredential credential) {
    return consumer.kind() == ConsumerKind.PUSHER && registry.settings().createsRepositories()
        ? credential.repositorySession()
        : null;
  }

  /**
   * The consumer's data key for the identity's current generation: one hybrid encryption per
   * consumer and mint, however many registries share the identity.
   */
  private Sealer.Batch batchFor(ConsumerApproved consumer, IdentityState state)
      throws SealingException {
    String key = consumer.consumerId() + "|" + consumer.keyFingerprint() + "|" + state.key;
    DataKeyBatch batch = batches.get(key);
    if (batch == null || batch.generation() != state.generation) {
      Sealer sealer = sealers.get(consumer.publicKeyset());
      if (sealer == null) {
        sealer = Sealer.forPublicKeyset(consumer.publicKeyset());
        sealers.put(consumer.publicKeyset(), sealer);
      }
      batch =
          new DataKeyBatch(
              state.generation,
              sealer.batch(
                  "dek:" + consumer.consumerId() + "/" + state.key + "/" + state.generation));
      batches.put(key, batch);
    }
    return batch.batch();
  }

  private synchronized void forgetIssued(CredentialIssued event, Issued record, Throwable error) {
    LOG.warn(
        "Could not publish credential [{}]; it will be sent again: {}",
        event.key(),
        error.toString());
    Map<String, Issued> ofRegistry = issued.get(event.registryId());
    if (ofRegistry != null) {
      ofRegistry.remove(event.consumerId(), record);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private void forgetIfUnused(IdentityState state) {
    if (live && state.registries.isEmpty() && !state.inFlight) {
      states.remove(state.key);
      batches.keySet().removeIf(k -> k.endsWith("|" + state.key));
      if (owns.test(state.key) && state.current != null) {
        publisher.forgetMint(state.key);
      }
    }
  }

  private String ownerKey(String registryId) {
    String identity = identityOf.get(registryId);
    if (identity == null) {
      identity = lastIdentityOf.get(registryId);
    }
    return identity != null ? identity : "registry:" + registryId;
  }

  /**
   * The refresh interval of an identity: the shortest {@code tokenRefreshMinutes} among its
   * registries.
   */
  private Duration interval(IdentityState state) {
    Duration shortest = null;
    for (String id : state.registries) {
      RegistryChanged r = registries.get(id);
      Integer minutes = r == null ? null : r.registry().tokenRefreshMinutes();
      if (minutes != null) {
        Duration d = Duration.ofMinutes(minutes);
        if (shortest == null || d.compareTo(shortest) < 0) {
          shortest = d;
        }
      }
    }
    return shortest;
  }

  private static boolean expired(MintedCredential credential, Instant now) {
    return credential.expiresAt() != null && !now.isBefore(credential.expiresAt());
  }

  private static String shared(IdentityState state) {
    return state.registries.size() > 1
        ? " (one mint shared by " + state.registries.size() + " registries)"
        : "";
  }

  /** ECR's throttle is per account and region; other providers are not limited here. */
  static String rateLimitKey(RegistrySnapshot s) {
    if (s.provider() != Provider.ECR) {
      return null;
    }
    return "ecr:" + s.settings().accountId() + ":" + s.settings().region();
  }

  private void status(
      String registryId, MintStatus.State state, long generation, Instant expiresAt, String msg) {
    publisher.status(
        new MintStatus(registryId, state, generation, expiresAt, msg, clock.instant()));
  }

  /** The server name a pull secret uses for the registry (Docker Hub's is historical). */
  static String server(RegistrySnapshot s) {
    return s.provider() == Provider.DOCKER_HUB ? "https://index.docker.io/v1/" : s.host();
  }

  /** How many identities and registries are known, for metrics. */
  public synchronized Map<String, Integer> sizes() {
    int minted = 0;
    for (IdentityState s : states.values()) {
      if (s.current != null) {
        minted++;
      }
    }
    return Map.of(
        "registries", registries.size(),
        "identities", states.size(),
        "identitiesMinted", minted,
        "consumers", approved.size(),
        "issued", issued.values().stream().mapToInt(Map::size).sum());
  }
}
