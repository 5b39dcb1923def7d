package io.portolan.minter.mint;

import static org.assertj.core.api.Assertions.assertThat;

import io.portolan.events.Capability;
import io.portolan.events.ConsumerApproved;
import io.portolan.events.ConsumerKind;
import io.portolan.events.ConsumerRevoked;
import io.portolan.events.CredentialIssued;
import io.portolan.events.CredentialRevoked;
import io.portolan.events.MintStatus;
import io.portolan.events.Provider;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.RegistrySnapshot.AccessMode;
import io.portolan.events.RegistrySnapshot.CredentialAccess;
import io.portolan.events.sealed.PullCredential;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.providers.MintedCredential;
import io.portolan.sealing.SealingKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MinterCoreTest {
  private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  private final SealingKeys minterKeys = SealingKeys.generate();
  private final SealingKeys prod = SealingKeys.generate();
  private final SealingKeys staging = SealingKeys.generate();
  private final RecordingPublisher out = new RecordingPublisher();
  private final AtomicInteger mints = new AtomicInteger();
  private final MinterCore core =
      new MinterCore(
          minterKeys.opener(),
          provider ->
              (registry, root) -> {
                mints.incrementAndGet();
                return new MintedCredential(root.username(), root.password(), NOW, null);
              },
          out,
          Clock.fixed(NOW, ZoneOffset.UTC));

  private RegistryChanged registry(long revision, CredentialAccess access, boolean deleted) {
    RegistrySnapshot snapshot =
        new RegistrySnapshot(
            "team",
            Provider.OTHER,
            "registry.example.com",
            null,
            null,
            null,
            null,
            null,
            null,
            false,
            access,
            null);
    return new RegistryChanged(
        "reg-1",
        revision,
        deleted,
        snapshot,
        minterKeys.sealer().sealJson(RootCredentials.usernamePassword("robot", "pw"), "root:reg-1"),
        NOW);
  }

  private ConsumerApproved cluster(String name, SealingKeys keys) {
    return new ConsumerApproved(
        ConsumerKind.CLUSTER.consumerId(name),
        ConsumerKind.CLUSTER,
        keys.publicKeysetJson(),
        keys.fingerprint(),
        Set.of(Capability.PULL),
        "admin",
        NOW);
  }

  @Test
  void sealsOneMintToEveryGrantedClusterAndOnlyThem() throws Exception {
    core.onDecision(cluster("prod", prod));
    core.onDecision(cluster("staging", staging));

    core.onRegistry(
        registry(
            1,
            new CredentialAccess(
                AccessMode.SAME_AS_REGISTRY, null, false, List.of("prod"), List.of()),
            false));

    assertThat(mints).hasValue(1);
    assertThat(out.issued).extracting(CredentialIssued::consumerId).containsExactly("cluster:prod");
    PullCredential opened =
        prod.opener()
            .openJson(
                out.issued.get(0).credential(),
                "credential:cluster:prod/reg-1",
                PullCredential.class);
    assertThat(opened.username()).isEqualTo("robot");
    assertThat(opened.password()).isEqualTo("pw");
    assertThat(out.statuses).extracting(MintStatus::state).containsExactly(MintStatus.State.MINTED);
  }

  @Test
  void revokesExactlyTheKeysThatLostAccess() {
    core.onDecision(cluster("prod", prod));
    core.onDecision(cluster("staging", staging));
    core.onRegistry(registry(1, CredentialAccess.ALL_CLUSTERS, false));
    assertThat(out.issued).hasSize(2);

    core.onRegistry(
        registry(
            2,
            new CredentialAccess(
                AccessMode.SAME_AS_REGISTRY, null, true, List.of(), List.of("staging")),
            false));

    assertThat(out.revoked).containsExactly(new CredentialRevoked("cluster:staging", "reg-1"));

    core.onDecision(new ConsumerRevoked("cluster:prod", "admin", "decommissioned", NOW));

    assertThat(out.revoked).contains(new CredentialRevoked("cluster:prod", "reg-1"));
  }

  @Test
  void aDeletedRegistryRevokesEverything() {
    core.onDecision(cluster("prod", prod));
    core.onRegistry(registry(1, CredentialAccess.ALL_CLUSTERS, false));

    core.onRegistry(registry(2, CredentialAccess.ALL_CLUSTERS, true));

    assertThat(out.revoked).containsExactly(new CredentialRevoked("cluster:prod", "reg-1"));
    assertThat(out.statuses).extracting(MintStatus::state).contains(MintStatus.State.REVOKED);
  }

  @Test
  void replaysChangeNothingAndARestartWithFreshCredentialsMintsNothing() {
    core.onDecision(cluster("prod", prod));
    RegistryChanged r1 = registry(1, CredentialAccess.ALL_CLUSTERS, false);
    core.onRegistry(r1);
    core.onRegistry(r1);
    core.onDecision(cluster("prod", prod));
    assertThat(mints).hasValue(1);
    assertThat(out.issued).hasSize(1);

    // a new minter instance rebuilds from the topics, in the order the wiring reads them
    RecordingPublisher afterRestart = new RecordingPublisher();
    MinterCore restarted =
        new MinterCore(
            minterKeys.opener(),
            p ->
                (registry, root) -> {
                  mints.incrementAndGet();
                  return new MintedCredential("robot", "pw", NOW, null);
                },
            afterRestart,
            Clock.fixed(NOW, ZoneOffset.UTC));
    restarted.onDecision(cluster("prod", prod));
    restarted.onCredentialRecord(out.issued.get(0));
    restarted.onRegistry(r1);

    assertThat(mints).hasValue(1);
    assertThat(afterRestart.issued).isEmpty();
    assertThat(afterRestart.revoked).isEmpty();
  }

  @Test
  void aNewKeyForAnApprovedClusterGetsTheCredentialSealedToIt() throws Exception {
    core.onDecision(cluster("prod", prod));
    core.onRegistry(registry(1, CredentialAccess.ALL_CLUSTERS, false));
    SealingKeys rotated = SealingKeys.generate();

    core.onDecision(cluster("prod", rotated));

    assertThat(out.issued).hasSize(2);
    assertThat(out.issued.get(1).credential().recipient()).isEqualTo(rotated.fingerprint());
    assertThat(
            rotated
                .opener()
                .openJson(
                    out.issued.get(1).credential(),
                    "credential:cluster:prod/reg-1",
                    PullCredential.class)
                .password())
        .isEqualTo("pw");
  }
}
