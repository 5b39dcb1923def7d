package io.portolan.minter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portolan.events.CredentialIssued;
import io.portolan.events.Provider;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.Topic;
import io.portolan.events.Visibility;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.sealing.SealingKeys;
import io.portolan.testkit.EventRecorder;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two minter instances in one group split the identities, each minting its own once; when one
 * stops, the other takes its identities over without minting again what is still fresh.
 */
class MinterScaleOutIT {
  private static final int REGISTRIES = 30;

  @Test
  void twoInstancesSplitTheIdentitiesAndATakeoverMintsNothingFresh() throws Exception {
    Map<String, String> settings = Map.of("portolan.providers.verify-long-lived", "false");
    try (MinterFixture fixture = new MinterFixture(MinterScaleOutIT.class);
        EventRecorder credentials = EventRecorder.start(fixture.kafka, Topic.CREDENTIALS);
        MinterFixture.Instance a = fixture.start(settings)) {
      MinterFixture.Instance b = fixture.start(settings);
      // both members of the group, each with a share of the identities
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> a.ownedPartitions() > 0 && b.ownedPartitions() > 0);
      SealingKeys prod = SealingKeys.generate();
      fixture.publish(MinterFixture.cluster("prod", prod));
      for (int i = 0; i < REGISTRIES; i++) {
        // a distinct password per registry: thirty identities
        fixture.publish(
            fixture.registry(
                "r" + i,
                new RegistrySnapshot(
                    "r" + i,
                    Provider.OTHER,
                    "registry" + i + ".example.com",
                    null,
                    Visibility.PRIVATE,
                    RegistrySnapshot.ProviderSettings.username("robot"),
                    null,
                    null,
                    null,
                    false,
                    null,
                    null),
                RootCredentials.usernamePassword("robot", "password-" + i)));
      }

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> issuedRegistries(credentials, "cluster:prod").size() == REGISTRIES);

      assertThat(a.upstreamCalls() + b.upstreamCalls()).isEqualTo(REGISTRIES);
      assertThat(a.upstreamCalls()).as("instance A minted some").isPositive();
      assertThat(b.upstreamCalls()).as("instance B minted some").isPositive();

      long aBefore = a.upstreamCalls();
      b.close();
      SealingKeys staging = SealingKeys.generate();
      fixture.publish(MinterFixture.cluster("staging", staging));

      // A takes B's identities over (after the rebalance) and serves the new cluster from records
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> issuedRegistries(credentials, "cluster:staging").size() == REGISTRIES);
      assertThat(a.upstreamCalls()).as("no mint after the takeover").isEqualTo(aBefore);
      assertThat(a.sizes().get("identitiesMinted")).isEqualTo(REGISTRIES);
    }
  }

  private static Set<String> issuedRegistries(EventRecorder credentials, String consumerId) {
    return credentials.all(CredentialIssued.class).stream()
        .filter(c -> c.consumerId().equals(consumerId))
        .map(CredentialIssued::registryId)
        .collect(Collectors.toSet());
  }
}
