package io.portolan.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.portolan.events.Provider;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.Visibility;
import io.portolan.events.sealed.AwsSession;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.oci.RegistryClient;
import io.portolan.testkit.RegistryAuth;
import io.portolan.testkit.RegistryServer;
import io.portolan.testkit.RegistryUser;
import io.portolan.testkit.TestKit;
import io.portolan.testkit.peers.AcrPeer;
import io.portolan.testkit.peers.AwsPeer;
import io.portolan.testkit.peers.EntraPeer;
import io.portolan.testkit.peers.GooglePeer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every provider against its peer: AWS (SigV4-checked ECR and STS), Google's token endpoint
 * (JWT-checked), Entra and ACR (grant-checked), and real registries for the logins. Each minted
 * credential is then used for a real {@code /v2/} login, as a pull would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvidersIT {
  private static final String ACCOUNT = "123456789012";
  private static final String ECR_HOST = ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com";
  private static final String GAR_HOST = "europe-west1-docker.pkg.dev";
  private static final String ACR_HOST = "teamregistry.azurecr.io";
  private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  private static final String SP = "6d9c7b8a-0000-4000-8000-000000000001";

  private AwsPeer aws;
  private GooglePeer google;
  private EntraPeer entra;
  private AcrPeer acr;
  private RegistryServer tokenRegistry;
  private RegistryServer htpasswd;
  private Providers providers;
  private final Map<String, String> endpoints = new HashMap<>();

  @BeforeAll
  void start() {
    tokenRegistry = TestKit.registry(RegistryAuth.TOKEN);
    htpasswd = TestKit.registry(RegistryAuth.HTPASSWD);
    aws =
        AwsPeer.start()
            .user("AKIAPORTOLANTEST0001", "aws-secret-one", "arn:aws:iam::" + ACCOUNT + ":user/ci")
            .user(
                "AKIAPORTOLANTEST0002", "aws-secret-two", "arn:aws:iam::" + ACCOUNT + ":user/other")
            .user(
                "AKIAPORTOLANTEST0003",
                "aws-secret-three",
                "arn:aws:iam::" + ACCOUNT + ":user/nofed")
            .deny("arn:aws:iam::" + ACCOUNT + ":user/nofed", "sts:GetFederationToken")
            .trust("arn:aws:iam::" + ACCOUNT + ":role/puller", "AKIAPORTOLANTEST0001");
    aws.onToken(pw -> tokenRegistry.tokenServer().addUser(new RegistryUser("AWS", pw, false)));
    google = GooglePeer.start();
    google.onToken(
        t -> tokenRegistry.tokenServer().addUser(new RegistryUser("oauth2accesstoken", t, false)));
    entra = EntraPeer.start().servicePrincipal(TENANT, SP, "entra-secret");
    acr = AcrPeer.start(ACR_HOST, entra).grantPull(SP).basicLogin("teamregistry", "admin-password");
    String tokenAddress = tokenRegistry.baseUrl();
    endpoints.put(ECR_HOST, tokenAddress);
    endpoints.put(GAR_HOST, tokenAddress);
    endpoints.put(ACR_HOST, acr.uri().toString());
    endpoints.put("registry.example.com", htpasswd.baseUrl());
    endpoints.put("closed.example.com", "http://127.0.0.1:1");
    ProviderSettings settings =
        new ProviderSettings(
            aws.uri(),
            aws.uri(),
            java.net.URI.create(google.tokenUri()),
            entra.uri(),
            null,
            endpoints,
            Duration.ofSeconds(10),
            true);
    Function<RegistrySnapshot, RegistryClient.Builder> clients =
        s ->
            RegistryClient.builder(s.host())
                .reachAt(endpoints.get(s.host()))
                .connectTimeout(Duration.ofSeconds(5))
                .requestTimeout(Duration.ofSeconds(10));
    providers = new Providers(settings, clients, Clock.systemUTC());
  }

  @AfterAll
  void stop() {
    providers.close();
  }

  private static RegistrySnapshot registry(
      Provider provider, String url, RegistrySnapshot.ProviderSettings settings) {
    return new RegistrySnapshot(
        "r",
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

  private static RegistrySnapshot.ProviderSettings ecr(String mode, String roleArn) {
    return new RegistrySnapshot.ProviderSettings(
        null, mode, "eu-west-1", ACCOUNT, roleArn, null, null, null);
  }

  private static RegistrySnapshot.ProviderSettings ecrCreating(
      String mode, String region, String roleArn) {
    return new RegistrySnapshot.ProviderSettings(
        null, mode, region, ACCOUNT, roleArn, null, null, null, true);
  }

  private static RootCredentials keys(String id, String secret) {
    return new RootCredentials(
        RootCredentials.SCHEMA_VERSION, null, null, id, secret, null, null, null, null);
  }

  private static RootCredentials serviceAccount(String key) {
    return new RootCredentials(
        RootCredentials.SCHEMA_VERSION, null, null, null, null, key, null, null, null);
  }

  private void login(RegistrySnapshot registry, MintedCredential credential) throws Exception {
    providers.check().login(registry, credential);
  }

  @Test
  void ecrWithAccessKeysMintsATwelveHourTokenThatLogsIn() throws Exception {
    RegistrySnapshot registry = registry(Provider.ECR, ECR_HOST, ecr("ACCESS_KEYS", null));

    MintedCredential minted =
        providers.mint(registry, keys("AKIAPORTOLANTEST0001", "aws-secret-one"));

    assertThat(minted.username()).isEqualTo("AWS");
    assertThat(Duration.between(Instant.now(), minted.expiresAt()).toMinutes())
        .isCloseTo(12 * 60, within(2L));
    assertThat(aws.tokenCallers()).last().isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/ci");
    login(registry, minted);
  }

  @Test
  void ecrRefusesAWrongSecretAndTheMessageNamesTheCodeNotTheSecret() {
    RegistrySnapshot registry = registry(Provider.ECR, ECR_HOST, ecr("ACCESS_KEYS", null));

    assertThatThrownBy(
            () -> providers.mint(registry, keys("AKIAPORTOLANTEST0001", "not-the-aws-secret")))
        .isInstanceOfSatisfying(MintException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("InvalidSignatureException")
        .hasMessageNotContaining("not-the-aws-secret");
    assertThatThrownBy(() -> providers.mint(registry, keys("AKIAUNKNOWN000000000", "x")))
        .hasMessageContaining("UnrecognizedClientException");
  }

  @Test
  void ecrAssumesTheRoleFirstWhenOneIsNamed() throws Exception {
    String role = "arn:aws:iam::" + ACCOUNT + ":role/puller";
    RegistrySnapshot registry = registry(Provider.ECR, ECR_HOST, ecr("ACCESS_KEYS", role));
    int assumed = aws.calls("AssumeRole");

    MintedCredential minted =
        providers.mint(registry, keys("AKIAPORTOLANTEST0001", "aws-secret-one"));

    assertThat(aws.calls("AssumeRole")).isEqualTo(assumed + 1);
    assertThat(aws.tokenCallers())
        .last()
        .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/puller/portolan-minter");
    login(registry, minted);
    assertThatThrownBy(
            () -> providers.mint(registry, keys("AKIAPORTOLANTEST0002", "aws-secret-two")))
        .hasMessageContaining("AccessDenied")
        .hasMessageContaining(role);
  }

  @Test
  void ecrWithIamRoleUsesTheAmbientCredentialChain() throws Exception {
    RegistrySnapshot registry = registry(Provider.ECR, ECR_HOST, ecr("IAM_ROLE", null));
    System.setProperty("aws.accessKeyId", "AKIAPORTOLANTEST0002");
    System.setProperty("aws.secretAccessKey", "aws-secret-two");
    try {
      MintedCredential minted = providers.mint(registry, null);

      assertThat(aws.tokenCallers()).last().isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/other");
      login(registry, minted);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void ecrThrottlingIsRetriedAndThenReportedAsRetryable() {
    RegistrySnapshot registry = registry(Provider.ECR, ECR_HOST, ecr("ACCESS_KEYS", null));
    int before = aws.requests();
    aws.failNext(10, AwsPeer.throttled());
    try {
      assertThatThrownBy(
              () -> providers.mint(registry, keys("AKIAPORTOLANTEST0001", "aws-secret-one")))
          .isInstanceOfSatisfying(MintException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageContaining("ThrottlingException");
      assertThat(aws.requests() - before).as("SDK attempts").isGreaterThan(1);
    } finally {
      aws.clearFailures();
    }
  }

  @Test
  void ecrThatCreatesRepositoriesCarriesASessionThatCanOnlyCreateRepositories() throws Exception {
    RegistrySnapshot registry =
        registry(Provider.ECR, ECR_HOST, ecrCreating("ACCESS_KEYS", "eu-west-1", null));
    int federations = aws.calls("GetFederationToken");

    MintedCredential minted =
        providers.mint(registry, keys("AKIAPORTOLANTEST0001", "aws-secret-one"));

    assertThat(aws.calls("GetFederationToken")).isEqualTo(federations + 1);
    AwsSession session = minted.repositorySession();
    assertThat(session).isNotNull();
    assertThat(session.accessKeyId()).isNotEqualTo("AKIAPORTOLANTEST0001");
    assertThat(Duration.between(Instant.now(), session.expiresAt()).toMinutes())
        .isCloseTo(12 * 60, within(2L));
    assertThat(minted.expiresAt()).isBeforeOrEqualTo(session.expiresAt());
    assertThat(minted.toString()).doesNotContain(session.secretAccessKey(), minted.password());
    login(registry, minted);
    assertThat(Providers.identity(registry, keys("AKIAPORTOLANTEST0001", "aws-secret-one")))
        .as("minted apart from plain pull logins of the same keys")
        .isNotEqualTo(
            Providers.identity(
                registry(Provider.ECR, ECR_HOST, ecr("ACCESS_KEYS", null)),
                keys("AKIAPORTOLANTEST0001", "aws-secret-one")));

    try (EcrRepositories repositories =
        new EcrRepositories(aws.uri(), Duration.ofSeconds(10), Clock.systemUTC())) {
      assertThat(repositories.create(registry, session, "team/charts/app"))
          .isEqualTo(EcrRepositories.Outcome.CREATED);
      assertThat(aws.repositoryExists(ACCOUNT, "eu-west-1", "team/charts/app")).isTrue();
      assertThat(aws.createCallers())
          .last()
          .isEqualTo("arn:aws:sts::" + ACCOUNT + ":federated-user/portolan-pusher");
      assertThat(repositories.create(registry, session, "team/charts/app"))
          .as("a second pusher racing the first")
          .isEqualTo(EcrRepositories.Outcome.EXISTED);

      // the session policy holds: another region's repositories, and no registry logins
      RegistrySnapshot elsewhere =
          registry(
              Provider.ECR,
              ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com",
              ecrCreating("ACCESS_KEYS", "us-east-1", null));
      assertThatThrownBy(() -> repositories.create(elsewhere, session, "team/charts/app"))
          .isInstanceOf(EcrRepositories.CreateFailed.class)
          .hasMessageContaining("AccessDeniedException")
          .hasMessageContaining("ecr:CreateRepository")
          .hasMessageNotContaining(session.secretAccessKey());
      try (var ecr =
          software.amazon.awssdk.services.ecr.EcrClient.builder()
              .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
              .endpointOverride(aws.uri())
              .credentialsProvider(
                  software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                      software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                          session.accessKeyId(),
                          session.secretAccessKey(),
                          session.sessionToken())))
              .build()) {
        assertThatThrownBy(ecr::getAuthorizationToken)
            .hasMessageContaining("not authorized to perform: ecr:GetAuthorizationToken");
      }
      AwsSession expired =
          new AwsSession(
              session.accessKeyId(),
              session.secretAccessKey(),
              session.sessionToken(),
              Instant.now().minusSeconds(1));
      assertThatThrownBy(() -> repositories.create(registry, expired, "team/other"))
          .hasMessageContaining("expired");
    }
  }

  @Test
  void ecrThatCreatesRepositoriesThroughARoleNarrowsTheRoleWithinItsMaximumSession()
      throws Exception {
    String role = "arn:aws:iam::" + ACCOUNT + ":role/puller";
    RegistrySnapshot registry =
        registry(Provider.ECR, ECR_HOST, ecrCreating("ACCESS_KEYS", "eu-west-1", role));
    RootCredentials keys = keys("AKIAPORTOLANTEST0001", "aws-secret-one");

    // AWS's default maximum session is an hour: asking for 12 h is refused, an hour is not
    MintedCredential minted = providers.mint(registry, keys);

    assertThat(Duration.between(Instant.now(), minted.repositorySession().expiresAt()).toMinutes())
        .isCloseTo(60, within(2L));
    assertThat(minted.expiresAt())
        .as("the mint refreshes before the session lapses")
        .isEqualTo(minted.repositorySession().expiresAt());
    try (EcrRepositories repositories =
        new EcrRepositories(aws.uri(), Duration.ofSeconds(10), Clock.systemUTC())) {
      repositories.create(registry, minted.repositorySession(), "through/role");
    }
    assertThat(aws.createCallers())
        .last()
        .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/puller/portolan-pusher");

    aws.maxSession(role, Duration.ofHours(12));
    try {
      MintedCredential longer = providers.mint(registry, keys);
      assertThat(Duration.between(Instant.now(), longer.expiresAt()).toMinutes())
          .isCloseTo(12 * 60, within(2L));
    } finally {
      aws.maxSession(role, Duration.ofHours(1));
    }
  }

  @Test
  void ecrRepositoryCreationAwsRefusesFailsTheMintSayingWhatToDo() {
    RegistrySnapshot registry =
        registry(Provider.ECR, ECR_HOST, ecrCreating("ACCESS_KEYS", "eu-west-1", null));

    assertThatThrownBy(
            () -> providers.mint(registry, keys("AKIAPORTOLANTEST0003", "aws-secret-three")))
        .isInstanceOfSatisfying(MintException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("AWS refused GetFederationToken")
        .hasMessageContaining("allow sts:GetFederationToken or turn createRepositories off")
        .hasMessageNotContaining("aws-secret-three");
    assertThatThrownBy(
            () ->
                providers.mint(
                    registry(Provider.ECR, ECR_HOST, ecrCreating("IAM_ROLE", "eu-west-1", null)),
                    null))
        .isInstanceOfSatisfying(MintException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("needs a roleArn");
  }

  @Test
  void googleAccessTokenModeMintsAnHourLongTokenThatLogsIn() throws Exception {
    String key = google.newServiceAccountKey("puller@project.iam.gserviceaccount.com");
    RegistrySnapshot registry =
        registry(
            Provider.GAR,
            GAR_HOST + "/project/repo",
            new RegistrySnapshot.ProviderSettings(
                null, "ACCESS_TOKEN", null, null, null, null, null, null));

    MintedCredential minted = providers.mint(registry, serviceAccount(key));

    assertThat(minted.username()).isEqualTo("oauth2accesstoken");
    assertThat(minted.password()).startsWith("ya29.");
    assertThat(Duration.between(Instant.now(), minted.expiresAt()).toMinutes())
        .isCloseTo(60, within(2L));
    assertThat(google.scopesSeen()).contains(GoogleMinter.SCOPE);
    login(registry, minted);
  }

  @Test
  void googleRefusesADeletedKeyAndThatIsNotRetried() {
    String email = "deleted@project.iam.gserviceaccount.com";
    String key = google.newServiceAccountKey(email);
    google.deleteKey(email);
    RegistrySnapshot registry =
        registry(
            Provider.GCR,
            "eu.gcr.io/project",
            new RegistrySnapshot.ProviderSettings(null, null, null, null, null, null, null, null));

    assertThatThrownBy(() -> providers.mint(registry, serviceAccount(key)))
        .isInstanceOfSatisfying(MintException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining(email)
        .hasMessageContaining("invalid_grant")
        .hasMessageNotContaining("PRIVATE KEY");
  }

  @Test
  void googleJsonKeyModePassesTheKeyThroughAfterALogin() throws Exception {
    String key = google.newServiceAccountKey("json@project.iam.gserviceaccount.com");
    tokenRegistry
        .tokenServer()
        .addUser(
            new RegistryUser(
                "_json_key_base64",
                Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)),
                false));
    RegistrySnapshot registry =
        registry(
            Provider.GAR,
            GAR_HOST + "/project/repo",
            new RegistrySnapshot.ProviderSettings(
                null, "JSON_KEY", null, null, null, null, null, "_json_key_base64"));

    MintedCredential minted = providers.mint(registry, serviceAccount(key));

    assertThat(minted.username()).isEqualTo("_json_key_base64");
    assertThat(new String(Base64.getDecoder().decode(minted.password()), StandardCharsets.UTF_8))
        .isEqualTo(key);
    assertThat(minted.expiresAt()).isNull();
  }

  @Test
  void acrWithATenantExchangesAnEntraTokenForARefreshTokenThatLogsIn() throws Exception {
    RegistrySnapshot registry =
        registry(
            Provider.ACR,
            ACR_HOST,
            new RegistrySnapshot.ProviderSettings(SP, null, null, null, null, null, TENANT, null));

    MintedCredential minted =
        providers.mint(registry, RootCredentials.usernamePassword(SP, "entra-secret"));

    assertThat(minted.username()).isEqualTo(AcrMinter.TOKEN_USER);
    assertThat(minted.expiresAt())
        .isCloseTo(Instant.now().plus(Duration.ofHours(3)), within(2, ChronoUnit.MINUTES));
    assertThat(entra.scopesSeen()).containsExactly(ProviderSettings.ACR_SCOPE);
    login(registry, minted);
  }

  @Test
  void acrSaysWhetherEntraOrTheRegistryRefused() {
    RegistrySnapshot registry =
        registry(
            Provider.ACR,
            ACR_HOST,
            new RegistrySnapshot.ProviderSettings(SP, null, null, null, null, null, TENANT, null));
    entra.servicePrincipal(TENANT, "11111111-0000-4000-8000-000000000009", "no-role-secret");

    assertThatThrownBy(
            () ->
                providers.mint(
                    registry, RootCredentials.usernamePassword(SP, "wrong-entra-secret")))
        .isInstanceOfSatisfying(MintException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("Entra refused")
        .hasMessageContaining("AADSTS7000215")
        .hasMessageNotContaining("wrong-entra-secret");
    assertThatThrownBy(
            () ->
                providers.mint(
                    registry,
                    RootCredentials.usernamePassword(
                        "11111111-0000-4000-8000-000000000009", "no-role-secret")))
        .hasMessageContaining(ACR_HOST + " refused to exchange")
        .hasMessageContaining("AcrPull");
  }

  @Test
  void acrWithoutATenantPassesTheLoginThroughAfterCheckingIt() throws Exception {
    RegistrySnapshot registry =
        registry(
            Provider.ACR,
            ACR_HOST,
            new RegistrySnapshot.ProviderSettings(
                "teamregistry", null, null, null, null, null, null, null));

    MintedCredential minted =
        providers.mint(
            registry, RootCredentials.usernamePassword("teamregistry", "admin-password"));

    assertThat(minted.username()).isEqualTo("teamregistry");
    assertThat(minted.expiresAt()).isNull();
    assertThatThrownBy(
            () ->
                providers.mint(
                    registry, RootCredentials.usernamePassword("teamregistry", "old-password")))
        .hasMessageContaining("refused the credentials of [teamregistry]");
  }

  @Test
  void longLivedLoginsAreCheckedAndFailuresSayWhatToFix() throws Exception {
    RegistrySnapshot other =
        registry(
            Provider.OTHER, "registry.example.com/team", RegistrySnapshot.ProviderSettings.NONE);
    RegistryUser admin = htpasswd.admin();

    MintedCredential minted =
        providers.mint(other, RootCredentials.usernamePassword(admin.username(), admin.password()));

    assertThat(minted.password()).isEqualTo(admin.password());
    assertThatThrownBy(
            () ->
                providers.mint(other, RootCredentials.usernamePassword(admin.username(), "wrong")))
        .isInstanceOfSatisfying(MintException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("refused the credentials");
    RegistrySnapshot closed =
        registry(Provider.QUAY, "closed.example.com", RegistrySnapshot.ProviderSettings.NONE);
    assertThatThrownBy(
            () -> providers.mint(closed, RootCredentials.usernamePassword("robot", "token")))
        .isInstanceOfSatisfying(MintException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("nothing accepts connections");
  }

  @Test
  void registriesOfOneIdentityShareIt() {
    RootCredentials one = keys("AKIAPORTOLANTEST0001", "aws-secret-one");
    RegistrySnapshot a = registry(Provider.ECR, ECR_HOST + "/team-a", ecr("ACCESS_KEYS", null));
    RegistrySnapshot b = registry(Provider.ECR, ECR_HOST + "/team-b", ecr("ACCESS_KEYS", null));
    RegistrySnapshot otherRegion =
        registry(
            Provider.ECR,
            ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com",
            new RegistrySnapshot.ProviderSettings(
                null, "ACCESS_KEYS", "us-east-1", ACCOUNT, null, null, null, null));

    assertThat(Providers.identity(a, one)).isEqualTo(Providers.identity(b, one));
    assertThat(Providers.identity(a, one)).isNotEqualTo(Providers.identity(otherRegion, one));
    assertThat(Providers.identity(a, one))
        .isNotEqualTo(Providers.identity(a, keys("AKIAPORTOLANTEST0001", "rotated")))
        .doesNotContain("aws-secret-one");
    RegistrySnapshot publicRegistry =
        new RegistrySnapshot(
            "p",
            Provider.QUAY,
            "quay.io",
            null,
            Visibility.PUBLIC,
            null,
            null,
            null,
            null,
            false,
            null,
            null);
    assertThat(Providers.identity(publicRegistry, null)).isNull();
  }
}
