package io.portolan.minter.mint;

import static org.assertj.core.api.Assertions.assertThat;

import io.portolan.events.Capability;
import io.portolan.events.ConsumerApproved;
import io.portolan.events.ConsumerKind;
import io.portolan.events.ConsumerRevoked;
import io.portolan.events.CredentialIssued;
import io.portolan.events.CredentialRevoked;
import io.portolan.events.MintStatus;
import io.portolan.events.PortolanEvent;
import io.portolan.events.Provider;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.RegistrySnapshot.AccessMode;
import io.portolan.events.RegistrySnapshot.CredentialAccess;
import io.portolan.events.sealed.AwsSession;
import io.portolan.events.sealed.PullCredential;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.providers.MintException;
import io.portolan.providers.MintedCredential;
import io.portolan.providers.Providers;
import io.portolan.providers.TokenMinter;
import io.portolan.sealing.SealingKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The minter's decisions on a clock the test moves: who gets what, when to refresh, how to back
 * off, what to share, what to revoke, and what a restart or a new owner does not mint again.
 */
class MinterCoreTest {
  private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
  private static final Duration ONE_HOUR = Duration.ofHours(1);

  private final MutableClock clock = new MutableClock(START);
  private final SealingKeys minterKeys = SealingKeys.generate();
  private final SealingKeys prod = SealingKeys.generate();
  private final SealingKeys staging = SealingKeys.generate();
  private final RecordingPublisher out = new RecordingPublisher();
  private final FakeMinter minter = new FakeMinter();
  private final List<MintScheduler> schedulers = new ArrayList<>();
  private final MinterCore core = newCore(out);
  private final MintScheduler scheduler = scheduler(core);

  /** Mints for any provider: counts calls, fails when told, expires after {@code lifetime}. */
  private final class FakeMinter implements TokenMinter {
    final AtomicInteger calls = new AtomicInteger();
    volatile Duration lifetime = Duration.ofHours(12);
    volatile MintException failure;

    @Override
    public MintedCredential mint(RegistrySnapshot registry, RootCredentials root)
        throws MintException {
      int n = calls.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      Instant now = clock.instant();
      AwsSession session =
          registry.settings().createsRepositories()
              ? new AwsSession(
                  "ASIASESSION" + n, "session-secret-" + n, "st-" + n, now.plus(ONE_HOUR))
              : null;
      Instant expires = lifetime == null ? null : now.plus(lifetime);
      if (session != null && (expires == null || session.expiresAt().isBefore(expires))) {
        expires = session.expiresAt();
      }
      return new MintedCredential(
          registry.provider() == Provider.ECR ? "AWS" : root.username(),
          "token-" + n,
          now,
          expires,
          session);
    }
  }

  private MinterCore newCore(RecordingPublisher publisher) {
    return new MinterCore(
        minterKeys,
        s -> minter,
        Providers::identity,
        publisher,
        clock,
        new RefreshPolicy(Duration.ofHours(6), Duration.ofSeconds(30), Duration.ofMinutes(15)),
        new Random(7));
  }

  private MintScheduler scheduler(MinterCore c) {
    MintScheduler s =
        new MintScheduler(
            c,
            new RateLimiter(1000),
            Executors.newSingleThreadExecutor(),
            Duration.ofSeconds(1),
            60);
    schedulers.add(s);
    return s;
  }

  @AfterEach
  void closeSchedulers() {
    schedulers.forEach(MintScheduler::close);
  }

  // ---- fixtures -------------------------------------------------------------------------------

  private RegistryChanged ecr(
      String id, long revision, String path, String secret, CredentialAccess access) {
    RegistrySnapshot snapshot =
        new RegistrySnapshot(
            id,
            Provider.ECR,
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com" + path,
            null,
            null,
            new RegistrySnapshot.ProviderSettings(
                null, "ACCESS_KEYS", "eu-west-1", "123456789012", null, null, null, null),
            null,
            null,
            null,
            false,
            access,
            null);
    RootCredentials root =
        new RootCredentials(
            RootCredentials.SCHEMA_VERSION,
            null,
            null,
            "AKIAEXAMPLE",
            secret,
            null,
            null,
            null,
            null);
    return new RegistryChanged(
        id,
        revision,
        false,
        snapshot,
        minterKeys.sealer().sealJson(root, MinterCore.rootContext(id)),
        clock.instant());
  }

  /** An ECR registry the pusher pushes Helm packages to, creating repositories or not. */
  private RegistryChanged ecrForCharts(String id, boolean createRepositories) {
    RegistryChanged plain = ecr(id, 1, "", "s1", CredentialAccess.ALL_CLUSTERS);
    RegistrySnapshot s = plain.registry();
    RegistrySnapshot.ProviderSettings p = s.settings();
    RegistrySnapshot snapshot =
        new RegistrySnapshot(
            s.name(),
            s.provider(),
            s.url(),
            null,
            null,
            new RegistrySnapshot.ProviderSettings(
                null,
                p.authMode(),
                p.region(),
                p.accountId(),
                null,
                null,
                null,
                null,
                createRepositories),
            null,
            null,
            new RegistrySnapshot.Usage(true, true, false, List.of()),
            false,
            s.access(),
            null);
    return new RegistryChanged(id, 1, false, snapshot, plain.rootCredentials(), plain.changedAt());
  }

  private ConsumerApproved pusher(String name, SealingKeys keys) {
    return new ConsumerApproved(
        ConsumerKind.PUSHER.consumerId(name),
        ConsumerKind.PUSHER,
        keys.publicKeysetJson(),
        keys.fingerprint(),
        Set.of(Capability.PULL, Capability.PUSH),
        "admin",
        clock.instant());
  }

  private PullCredential opened(
      RecordingPublisher from, SealingKeys keys, String consumerId, String registryId)
      throws Exception {
    CredentialIssued issued =
        from.issued.stream()
            .filter(i -> i.consumerId().equals(consumerId) && i.registryId().equals(registryId))
            .reduce((a, b) -> b)
            .orElseThrow();
    return keys.opener()
        .openJson(
            issued.credential(),
            MinterCore.credentialContext(consumerId, registryId),
            PullCredential.class);
  }

  private RegistryChanged other(
      String id, long revision, CredentialAccess access, Integer refresh) {
    RegistrySnapshot snapshot =
        new RegistrySnapshot(
            id,
            Provider.OTHER,
            "registry.example.com",
            null,
            null,
            RegistrySnapshot.ProviderSettings.username("robot"),
            null,
            null,
            null,
            false,
            access,
            refresh);
    return new RegistryChanged(
        id,
        revision,
        false,
        snapshot,
        minterKeys
            .sealer()
            .sealJson(RootCredentials.usernamePassword("robot", "pw"), MinterCore.rootContext(id)),
        clock.instant());
  }

  private static RegistryChanged deleted(RegistryChanged r, long revision) {
    return new RegistryChanged(r.registryId(), revision, true, r.registry(), null, r.changedAt());
  }

  private ConsumerApproved cluster(String name, SealingKeys keys) {
    return new ConsumerApproved(
        ConsumerKind.CLUSTER.consumerId(name),
        ConsumerKind.CLUSTER,
        keys.publicKeysetJson(),
        keys.fingerprint(),
        Set.of(Capability.PULL),
        "admin",
        clock.instant());
  }

  private static CredentialAccess only(String... clusters) {
    return new CredentialAccess(
        AccessMode.SAME_AS_REGISTRY, null, false, List.of(clusters), List.of());
  }

  private List<String> issuedTo(String registryId) {
    return out.issued.stream()
        .filter(i -> i.registryId().equals(registryId))
        .map(CredentialIssued::consumerId)
        .toList();
  }

  // ---- who gets what --------------------------------------------------------------------------

  @Test
  void sealsOneMintToEveryGrantedClusterAndOnlyThem() throws Exception {
    core.onDecision(cluster("prod", prod));
    core.onDecision(cluster("staging", staging));
    core.onRegistry(other("reg-1", 1, only("prod"), null));

    scheduler.runDue();

    assertThat(minter.calls).hasValue(1);
    assertThat(issuedTo("reg-1")).containsExactly("cluster:prod");
    PullCredential opened =
        prod.opener()
            .openJson(
                out.issued.get(0).credential(),
                "credential:cluster:prod/reg-1",
                PullCredential.class);
    assertThat(opened.username()).isEqualTo("robot");
    assertThat(opened.password()).isEqualTo("token-1");
    assertThat(out.states("reg-1")).containsExactly(MintStatus.State.MINTED);
  }

  @Test
  void revokesExactlyTheKeysThatLostAccess() {
    core.onDecision(cluster("prod", prod));
    core.onDecision(cluster("staging", staging));
    core.onRegistry(other("reg-1", 1, CredentialAccess.ALL_CLUSTERS, null));
    scheduler.runDue();
    assertThat(out.issued).hasSize(2);

    core.onRegistry(
        other(
            "reg-1",
            2,
            new CredentialAccess(
                AccessMode.SAME_AS_REGISTRY, null, true, List.of(), List.of("staging")),
            null));

    assertThat(out.revoked).containsExactly(new CredentialRevoked("cluster:staging", "reg-1"));

    core.onDecision(
        new ConsumerRevoked("cluster:prod", "admin", "decommissioned", clock.instant()));

    assertThat(out.revoked).contains(new CredentialRevoked("cluster:prod", "reg-1"));
    assertThat(minter.calls).hasValue(1);
  }

  @Test
  void aDeletedRegistryRevokesEverythingAndItsIdentityIsForgotten() {
    core.goLive();
    core.onDecision(cluster("prod", prod));
    RegistryChanged r = other("reg-1", 1, CredentialAccess.ALL_CLUSTERS, null);
    core.onRegistry(r);
    scheduler.runDue();

    core.onRegistry(deleted(r, 2));
    core.onRegistry(r); // a replay of the older revision changes nothing

    assertThat(out.revoked).containsExactly(new CredentialRevoked("cluster:prod", "reg-1"));
    assertThat(out.states("reg-1")).contains(MintStatus.State.REVOKED);
    assertThat(out.forgotten).containsExactly(out.minted.get(0).identityKey());
    scheduler.runDue();
    assertThat(minter.calls).hasValue(1);
  }

  @Test
  void nobodyWantingARegistryMeansNoMint() {
    core.onDecision(cluster("prod", prod));
    core.onRegistry(
        other(
            "reg-1",
            1,
            new CredentialAccess(
                AccessMode.IMAGE_PULL_SECRET_NAME, "own", true, List.of(), List.of()),
            null));

    scheduler.runDue();

    assertThat(minter.calls).hasValue(0);
  }

  // ---- sharing --------------------------------------------------------------------------------

  @Test
  void registriesOfOneIdentityShareOneUpstreamMint() {
    core.onDecision(cluster("prod", prod));
    core.onDecision(cluster("staging", staging));
    for (int i = 0; i < 5; i++) {
      core.onRegistry(ecr("ecr-" + i, 1, "/team-" + i, "secret-a", CredentialAccess.ALL_CLUSTERS));
    }
    core.onRegistry(ecr("ecr-other", 1, "/x", "secret-b", CredentialAccess.ALL_CLUSTERS));

    scheduler.runDue();

    assertThat(minter.calls).hasValue(2); // two identities
    assertThat(out.issued).hasSize(12); // six registries, two clusters
    assertThat(out.statuses)
        .filteredOn(st -> st.registryId().equals("ecr-0"))
        .extracting(MintStatus::message)
        .containsExactly("minted for ECR (one mint shared by 5 registries)");
    assertThat(
            out.issued.stream()
                .filter(
                    i -> i.registryId().startsWith("ecr-") && !i.registryId().equals("ecr-other"))
                .map(CredentialIssued::generation)
                .distinct())
        .hasSize(1);
  }

  // ---- refresh timing -------------------------------------------------------------------------

  @Test
  void refreshesAtHalfTheLifetimeOrTheRefreshIntervalWhicheverIsSooner() {
    core.onDecision(cluster("prod", prod));
    core.onRegistry(ecr("twelve-hours", 1, "", "s1", CredentialAccess.ALL_CLUSTERS));
    scheduler.runDue();
    assertThat(minter.calls).hasValue(1);

    clock.advance(Duration.ofMinutes(323)); // 6 h - 10% is 324 min: not yet
    scheduler.runDue();
    assertThat(minter.calls).hasValue(1);

    clock.advance(Duration.ofMinutes(74)); // 6 h + 10% is 396 min: due by now
    scheduler.runDue();
    assertThat(minter.calls).hasValue(2);
    assertThat(out.issued).hasSize(2);
    assertThat(out.issued.get(1).generation()).isGreaterThan(out.issued.get(0).generation());
  }

  @Test
  void aShortLivedTokenIsRefreshedAtHalfItsLifeAndTokenRefreshMinutesCapsTheInterval() {
    core.onDecision(cluster("prod", prod));
    minter.lifetime = Duration.ofHours(1);
    core.onRegistry(other("gar-like", 1, CredentialAccess.ALL_CLUSTERS, null));
    scheduler.runDue();
    clock.advance(Duration.ofMinutes(26)); // 30 min - 10% is 27 min
    scheduler.runDue();
    assertThat(minter.calls).hasValue(1);
    clock.advance(Duration.ofMinutes(8)); // 30 min + 10% is 33 min
    scheduler.runDue();
    assertThat(minter.calls).hasValue(2);

    minter.lifetime = null; // a long-lived login, re-checked every tokenRefreshMinutes
    core.onRegistry(other("gar-like", 2, CredentialAccess.ALL_CLUSTERS, 10));
    clock.advance(Duration.ofMinutes(40));
    scheduler.runDue(); // the previous (1 h) credential was due
    int before = minter.calls.get();
    clock.advance(Duration.ofMinutes(11)); // 10 min + 10%
    scheduler.runDue();
    assertThat(minter.calls).hasValue(before + 1);
  }

  // ---- failures ---------------------------------------------------------------------------------

  @Test
  void aFailedRefreshBacksOffExponentiallyAndKeepsTheLastCredentialUntilItExpires() {
    core.onDecision(cluster("prod", prod));
    minter.lifetime = Duration.ofHours(10);
    core.onRegistry(ecr("backoff", 1, "", "s1", CredentialAccess.ALL_CLUSTERS));
    scheduler.runDue();
    minter.failure =
        new MintException(
            "AWS refused GetAuthorizationToken (HTTP 400, ThrottlingException)", true);
    clock.advance(Duration.ofHours(6)); // past the refresh time (5 h +- 10%)

    List<Integer> attemptsAfterEachWait = new ArrayList<>();
    scheduler.runDue(); // attempt 1 fails
    for (Duration wait :
        List.of(
            Duration.ofSeconds(14),
            Duration.ofSeconds(16),
            Duration.ofSeconds(31),
            Duration.ofSeconds(61))) {
      clock.advance(wait);
      scheduler.runDue();
      attemptsAfterEachWait.add(minter.calls.get() - 1);
    }

    // retry n waits between base*2^(n-1)/2 and base*2^(n-1): 15-30 s, 30-60 s, 60-120 s
    assertThat(attemptsAfterEachWait.get(0)).isEqualTo(1); // 14 s: too early for retry 1
    assertThat(attemptsAfterEachWait.get(3)).isBetween(3, 4);
    MintStatus failed =
        out.statuses.stream()
            .filter(s -> s.state() == MintStatus.State.REFRESH_FAILED)
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(failed.message())
        .contains("ThrottlingException")
        .contains("the last credential stays in use until");
    assertThat(failed.generation()).isEqualTo(out.issued.get(0).generation());
    assertThat(out.revoked).isEmpty();

    // a new consumer still gets the last good credential while it is valid
    core.onDecision(cluster("staging", staging));
    assertThat(issuedTo("backoff")).containsExactly("cluster:prod", "cluster:staging");
  }

  @Test
  void reportsExpiringOnceAndExpiredOnce() {
    core.onDecision(cluster("prod", prod));
    minter.lifetime = Duration.ofHours(10);
    core.onRegistry(ecr("expiry", 1, "", "s1", CredentialAccess.ALL_CLUSTERS));
    scheduler.runDue();
    minter.failure = new MintException("network down", true);

    clock.advance(Duration.ofHours(8).plusMinutes(5)); // under 20% left
    scheduler.runDue();
    scheduler.runDue();
    clock.advance(Duration.ofHours(2)); // past expiry
    scheduler.runDue();
    scheduler.runDue();

    List<MintStatus.State> states = out.states("expiry");
    assertThat(states.stream().filter(s -> s == MintStatus.State.EXPIRING)).hasSize(1);
    assertThat(states.stream().filter(s -> s == MintStatus.State.EXPIRED)).hasSize(1);
    assertThat(states.indexOf(MintStatus.State.EXPIRING))
        .isLessThan(states.indexOf(MintStatus.State.EXPIRED));
    // an expired credential is not handed to a new consumer
    core.onDecision(cluster("staging", staging));
    assertThat(issuedTo("expiry")).containsExactly("cluster:prod");
  }

  @Test
  void aFailedPublishIsSentAgainOnTheNextResync() {
    core.onDecision(cluster("prod", prod));
    out.failNextIssues = 1;
    core.onRegistry(other("flaky", 1, CredentialAccess.ALL_CLUSTERS, null));
    scheduler.runDue();
    assertThat(out.issued).isEmpty();

    core.resync();

    assertThat(issuedTo("flaky")).containsExactly("cluster:prod");
    assertThat(minter.calls).hasValue(1);
  }

  // ---- restart and ownership ------------------------------------------------------------------

  private MinterCore restartedFrom(
      RecordingPublisher publisher,
      List<RegistryChanged> registries,
      List<ConsumerApproved> consumers,
      Predicate<String> owns) {
    MinterCore restarted = newCore(publisher);
    restarted.setOwnership(owns);
    consumers.forEach(restarted::onDecision);
    for (PortolanEvent e : List.copyOf(out.credentialsTopic)) {
      restarted.onCredentialRecord(e);
    }
    registries.forEach(restarted::onRegistry);
    restarted.goLive();
    return restarted;
  }

  @Test
  void theRepositorySessionGoesOnlyToPushersOfRegistriesThatAllowItAndSurvivesARestart()
      throws Exception {
    SealingKeys pusherKeys = SealingKeys.generate();
    ConsumerApproved prodCluster = cluster("prod", prod);
    ConsumerApproved pusher = pusher("main", pusherKeys);
    core.onDecision(prodCluster);
    core.onDecision(pusher);
    RegistryChanged creating = ecrForCharts("creating", true);
    RegistryChanged plain = ecrForCharts("plain", false);
    core.onRegistry(creating);
    core.onRegistry(plain);

    scheduler.runDue();

    assertThat(minter.calls).as("minted apart: one carries a session").hasValue(2);
    PullCredential forPusher = opened(out, pusherKeys, "pusher:main", "creating");
    assertThat(forPusher.repositorySession()).isNotNull();
    assertThat(forPusher.expiresAt()).isEqualTo(START.plus(ONE_HOUR));
    assertThat(opened(out, prod, "cluster:prod", "creating").repositorySession())
        .as("a cluster never sees it")
        .isNull();
    assertThat(opened(out, pusherKeys, "pusher:main", "plain").repositorySession()).isNull();
    String sessionSecret = forPusher.repositorySession().secretAccessKey();
    assertThat(out.credentialsTopic.toString()).doesNotContain(sessionSecret);

    // a restarted minter hands the same session to a new pusher from its own record
    SealingKeys secondKeys = SealingKeys.generate();
    RecordingPublisher afterRestart = new RecordingPublisher();
    MinterCore restarted =
        restartedFrom(
            afterRestart, List.of(creating, plain), List.of(prodCluster, pusher), k -> true);
    restarted.onDecision(pusher("second", secondKeys));
    assertThat(minter.calls).hasValue(2);
    assertThat(opened(afterRestart, secondKeys, "pusher:second", "creating").repositorySession())
        .isEqualTo(forPusher.repositorySession());

    // the session's hour sets the pace (half-way, ±10%); the plain registry's 12 h token waits
    clock.advance(Duration.ofMinutes(34));
    scheduler.runDue();
    assertThat(minter.calls).hasValue(3);
  }

  @Test
  void aRestartMintsNothingThatIsStillFreshAndServesNewConsumersFromTheRecord() throws Exception {
    ConsumerApproved prodCluster = cluster("prod", prod);
    core.onDecision(prodCluster);
    RegistryChanged r = ecr("restart", 1, "", "s1", CredentialAccess.ALL_CLUSTERS);
    core.onRegistry(r);
    scheduler.runDue();
    assertThat(minter.calls).hasValue(1);

    RecordingPublisher afterRestart = new RecordingPublisher();
    MinterCore restarted = restartedFrom(afterRestart, List.of(r), List.of(prodCluster), k -> true);
    clock.advance(Duration.ofHours(1));
    scheduler(restarted).runDue();
    restarted.onDecision(cluster("staging", staging));

    assertThat(minter.calls).hasValue(1);
    assertThat(afterRestart.issued)
        .extracting(CredentialIssued::consumerId)
        .containsExactly("cluster:staging");
    PullCredential handedOut =
        staging
            .opener()
            .openJson(
                afterRestart.issued.get(0).credential(),
                "credential:cluster:staging/restart",
                PullCredential.class);
    assertThat(handedOut.password()).isEqualTo("token-1");
  }

  @Test
  void twoOwnersSplitTheIdentitiesAndANewOwnerMintsNothingFresh() {
    // instance A owns identities of secret-a, instance B those of secret-b
    ConsumerApproved prodCluster = cluster("prod", prod);
    List<RegistryChanged> registries = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      registries.add(ecr("a-" + i, 1, "/a" + i, "secret-a", CredentialAccess.ALL_CLUSTERS));
      registries.add(ecr("b-" + i, 1, "/b" + i, "secret-b", CredentialAccess.ALL_CLUSTERS));
    }
    String identityA =
        MinterCore.identityKey(
            Providers.identity(
                registries.get(0).registry(),
                new RootCredentials(
                    1, null, null, "AKIAEXAMPLE", "secret-a", null, null, null, null)));
    Predicate<String> ownsA = identityA::equals;
    RecordingPublisher outB = new RecordingPublisher();
    MinterCore b = newCore(outB);
    core.setOwnership(ownsA);
    b.setOwnership(ownsA.negate());
    for (MinterCore c : List.of(core, b)) {
      c.onDecision(prodCluster);
      registries.forEach(c::onRegistry);
      c.goLive();
    }

    scheduler.runDue();
    scheduler(b).runDue();

    assertThat(minter.calls).hasValue(2); // one per identity, across both instances
    assertThat(out.issued)
        .extracting(CredentialIssued::registryId)
        .containsExactlyInAnyOrder("a-0", "a-1", "a-2");
    assertThat(outB.issued)
        .extracting(CredentialIssued::registryId)
        .containsExactlyInAnyOrder("b-0", "b-1", "b-2");

    // B goes away; A takes everything over, having read B's output on the topics
    for (PortolanEvent e : outB.credentialsTopic) {
      core.onCredentialRecord(e);
    }
    core.setOwnership(k -> true);
    scheduler.runDue();

    assertThat(minter.calls).hasValue(2);
    assertThat(out.issued).hasSize(3);
  }

  @Test
  void rotatedCredentialsAreANewIdentityMintedAtOnceAndTheOldOneIsForgotten() {
    core.goLive();
    core.onDecision(cluster("prod", prod));
    core.onRegistry(ecr("rotated", 1, "", "old-secret", CredentialAccess.ALL_CLUSTERS));
    scheduler.runDue();
    String oldIdentity = out.minted.get(0).identityKey();

    core.onRegistry(ecr("rotated", 2, "", "new-secret", CredentialAccess.ALL_CLUSTERS));
    scheduler.runDue();

    assertThat(minter.calls).hasValue(2);
    assertThat(out.forgotten).containsExactly(oldIdentity);
    assertThat(out.issued).hasSize(2);
    assertThat(out.issued.get(1).registryRevision()).isEqualTo(2);
  }
}
