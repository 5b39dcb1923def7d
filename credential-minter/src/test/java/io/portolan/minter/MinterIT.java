package io.portolan.minter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portolan.events.CredentialIssued;
import io.portolan.events.MintStatus;
import io.portolan.events.Provider;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.Topic;
import io.portolan.events.Visibility;
import io.portolan.events.sealed.PullCredential;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.RegistryCredential;
import io.portolan.sealing.SealingKeys;
import io.portolan.testkit.EventRecorder;
import io.portolan.testkit.RegistryAuth;
import io.portolan.testkit.RegistryServer;
import io.portolan.testkit.RegistryUser;
import io.portolan.testkit.TestKit;
import io.portolan.testkit.peers.AcrPeer;
import io.portolan.testkit.peers.AwsPeer;
import io.portolan.testkit.peers.EntraPeer;
import io.portolan.testkit.peers.GooglePeer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The running minter on real Kafka: each provider minted against its peer and the credential a
 * cluster receives logs in to a real registry; bad credentials reported on {@code status}; a
 * restart that mints nothing fresh again; ECR calls held to their rate per account.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MinterIT {
  private static final String ACCOUNT = "123456789012";
  private static final String ECR_HOST = ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com";
  private static final String GAR_HOST = "europe-west1-docker.pkg.dev";
  private static final String ACR_HOST = "teamregistry.azurecr.io";
  private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  private static final String SP = "6d9c7b8a-0000-4000-8000-000000000001";

  private final MinterFixture fixture = new MinterFixture(MinterIT.class);
  private final SealingKeys prod = SealingKeys.generate();
  private final SealingKeys staging = SealingKeys.generate();
  private final Map<String, String> endpoints = new HashMap<>();
  private AwsPeer aws;
  private GooglePeer google;
  private EntraPeer entra;
  private AcrPeer acr;
  private RegistryServer htpasswd;
  private Map<String, String> settings;
  private EventRecorder credentials;
  private EventRecorder statuses;
  private MinterFixture.Instance minter;

  @BeforeAll
  void start() {
    RegistryServer tokenRegistry = TestKit.registry(RegistryAuth.TOKEN);
    htpasswd = TestKit.registry(RegistryAuth.HTPASSWD);
    aws =
        AwsPeer.start()
            .user(
                "AKIAMINTERTEST000001",
                "minter-aws-secret",
                "arn:aws:iam::" + ACCOUNT + ":user/ci");
    for (int i = 0; i < 20; i++) {
      aws.user(
          String.format("AKIAMINTERLIMIT%05d", i),
          "limit-secret-" + i,
          "arn:aws:iam::" + ACCOUNT + ":user/l" + i);
    }
    aws.onToken(pw -> tokenRegistry.tokenServer().addUser(new RegistryUser("AWS", pw, false)));
    google = GooglePeer.start();
    google.onToken(
        t -> tokenRegistry.tokenServer().addUser(new RegistryUser("oauth2accesstoken", t, false)));
    entra = EntraPeer.start().servicePrincipal(TENANT, SP, "minter-entra-secret");
    acr = AcrPeer.start(ACR_HOST, entra).grantPull(SP);
    endpoints.put(ECR_HOST, tokenRegistry.baseUrl());
    endpoints.put(GAR_HOST, tokenRegistry.baseUrl());
    endpoints.put(ACR_HOST, acr.uri().toString());
    endpoints.put("team.example.com", htpasswd.baseUrl());
    StringBuilder pairs = new StringBuilder();
    endpoints.forEach(
        (k, v) -> pairs.append(pairs.length() == 0 ? "" : ",").append(k).append('=').append(v));
    settings =
        Map.of(
            "portolan.providers.ecr-endpoint", aws.uri().toString(),
            "portolan.providers.sts-endpoint", aws.uri().toString(),
            "portolan.providers.google-token-uri", google.tokenUri(),
            "portolan.providers.entra-authority", entra.uri().toString(),
            "portolan.registry-endpoints", pairs.toString(),
            "portolan.minter.ecr-requests-per-second", "5");
    credentials = EventRecorder.start(fixture.kafka, Topic.CREDENTIALS);
    statuses = EventRecorder.start(fixture.kafka, Topic.STATUS);
    minter = fixture.start(settings);
    fixture.publish(MinterFixture.cluster("prod", prod));
  }

  @AfterAll
  void stop() {
    minter.close();
    credentials.close();
    statuses.close();
    fixture.close();
  }

  private static RegistrySnapshot snapshot(
      String name, Provider provider, String url, RegistrySnapshot.ProviderSettings settings) {
    return new RegistrySnapshot(
        name,
        provider,
        url,
        null,
        Visibility.PRIVATE,
        settings,
        null,
        null,
        null,
        false,
        null,
        null);
  }

  private PullCredential awaitCredential(String consumerId, String registryId, SealingKeys keys)
      throws Exception {
    CredentialIssued issued =
        credentials.await(
            CredentialIssued.class,
            c -> c.consumerId().equals(consumerId) && c.registryId().equals(registryId),
            Duration.ofSeconds(60));
    return keys.opener()
        .openJson(
            issued.credential(),
            "credential:" + consumerId + "/" + registryId,
            PullCredential.class);
  }

  private void login(String host, PullCredential credential) throws Exception {
    RegistryClient.builder(host)
        .reachAt(endpoints.get(host))
        .credential(RegistryCredential.basic(credential.username(), credential.password()))
        .build()
        .ping();
  }

  @Test
  @Order(1)
  void everyProviderIsMintedAgainstItsPeerAndTheClusterLogsInWithIt() throws Exception {
    fixture.publish(
        fixture.registry(
            "ecr",
            snapshot(
                "ecr",
                Provider.ECR,
                ECR_HOST,
                new RegistrySnapshot.ProviderSettings(
                    null, "ACCESS_KEYS", "eu-west-1", ACCOUNT, null, null, null, null)),
            new RootCredentials(
                1,
                null,
                null,
                "AKIAMINTERTEST000001",
                "minter-aws-secret",
                null,
                null,
                null,
                null)));
    fixture.publish(
        fixture.registry(
            "gar",
            snapshot(
                "gar",
                Provider.GAR,
                GAR_HOST + "/project/repo",
                new RegistrySnapshot.ProviderSettings(
                    null, "ACCESS_TOKEN", null, null, null, null, null, null)),
            new RootCredentials(
                1,
                null,
                null,
                null,
                null,
                google.newServiceAccountKey("minter@project.iam.gserviceaccount.com"),
                null,
                null,
                null)));
    fixture.publish(
        fixture.registry(
            "acr",
            snapshot(
                "acr",
                Provider.ACR,
                ACR_HOST,
                new RegistrySnapshot.ProviderSettings(
                    SP, null, null, null, null, null, TENANT, null)),
            RootCredentials.usernamePassword(SP, "minter-entra-secret")));
    RegistryUser admin = htpasswd.admin();
    fixture.publish(
        fixture.registry(
            "other",
            snapshot(
                "other",
                Provider.OTHER,
                "team.example.com/charts",
                RegistrySnapshot.ProviderSettings.username(admin.username())),
            RootCredentials.usernamePassword(admin.username(), admin.password())));

    PullCredential ecr = awaitCredential("cluster:prod", "ecr", prod);
    PullCredential gar = awaitCredential("cluster:prod", "gar", prod);
    PullCredential acrLogin = awaitCredential("cluster:prod", "acr", prod);
    PullCredential other = awaitCredential("cluster:prod", "other", prod);

    assertThat(ecr.username()).isEqualTo("AWS");
    assertThat(ecr.expiresAt()).isAfter(Instant.now().plus(Duration.ofHours(11)));
    assertThat(gar.username()).isEqualTo("oauth2accesstoken");
    assertThat(acrLogin.username()).isEqualTo("00000000-0000-0000-0000-000000000000");
    assertThat(other.password()).isEqualTo(admin.password());
    assertThat(other.expiresAt()).isNull();
    login(ECR_HOST, ecr);
    login(GAR_HOST, gar);
    login(ACR_HOST, acrLogin);
    login("team.example.com", other);
    for (String id : new String[] {"ecr", "gar", "acr", "other"}) {
      MintStatus minted =
          statuses.await(
              MintStatus.class,
              s -> s.registryId().equals(id) && s.state() == MintStatus.State.MINTED);
      assertThat(minted.generation()).isPositive();
    }
  }

  @Test
  @Order(2)
  void badCredentialsAreReportedOnStatusAndNothingIsShipped() {
    fixture.publish(
        fixture.registry(
            "bad-password",
            snapshot(
                "bad-password",
                Provider.OTHER,
                "team.example.com/x",
                RegistrySnapshot.ProviderSettings.username("robot")),
            RootCredentials.usernamePassword(htpasswd.admin().username(), "not-the-password")));

    MintStatus failed =
        statuses.await(
            MintStatus.class,
            s ->
                s.registryId().equals("bad-password")
                    && s.state() == MintStatus.State.REFRESH_FAILED,
            Duration.ofSeconds(30));

    assertThat(failed.message())
        .contains("refused the credentials")
        .doesNotContain("not-the-password");
    assertThat(credentials.find(CredentialIssued.class, c -> c.registryId().equals("bad-password")))
        .isNull();
  }

  @Test
  @Order(3)
  void aRestartMintsNothingFreshAgainAndANewClusterGetsTheSameCredential() throws Exception {
    int awsCalls = aws.calls("GetAuthorizationToken");
    int googleCalls = google.calls("token");
    int acrCalls = acr.calls("exchange");
    PullCredential before = awaitCredential("cluster:prod", "ecr", prod);
    minter.close();

    minter = fixture.start(settings);
    fixture.publish(MinterFixture.cluster("staging", staging));
    PullCredential staged = awaitCredential("cluster:staging", "ecr", staging);
    awaitCredential("cluster:staging", "gar", staging);
    awaitCredential("cluster:staging", "acr", staging);

    assertThat(staged.password()).isEqualTo(before.password());
    assertThat(aws.calls("GetAuthorizationToken")).isEqualTo(awsCalls);
    assertThat(google.calls("token")).isEqualTo(googleCalls);
    assertThat(acr.calls("exchange")).isEqualTo(acrCalls);
  }

  @Test
  @Order(4)
  void ecrCallsOfOneAccountAreHeldToTheConfiguredRate() {
    int before = aws.tokenTimes().size();
    for (int i = 0; i < 20; i++) {
      fixture.publish(
          fixture.registry(
              "limited-" + i,
              snapshot(
                  "limited-" + i,
                  Provider.ECR,
                  ECR_HOST + "/l" + i,
                  new RegistrySnapshot.ProviderSettings(
                      null, "ACCESS_KEYS", "eu-west-1", ACCOUNT, null, null, null, null)),
              new RootCredentials(
                  1,
                  null,
                  null,
                  String.format("AKIAMINTERLIMIT%05d", i),
                  "limit-secret-" + i,
                  null,
                  null,
                  null,
                  null)));
    }

    await().atMost(Duration.ofSeconds(60)).until(() -> aws.tokenTimes().size() >= before + 20);

    var times = aws.tokenTimes().subList(before, before + 20);
    Duration spread = Duration.between(times.get(0), times.get(19));
    // 5 per second with a burst of 5: the last of 20 comes at least 3 s after the first
    assertThat(spread).isGreaterThan(Duration.ofMillis(2700));
    for (int i = 0; i + 10 < times.size(); i++) {
      assertThat(Duration.between(times.get(i), times.get(i + 10)))
          .as("10 calls within")
          .isGreaterThan(Duration.ofMillis(900));
    }
  }
}
