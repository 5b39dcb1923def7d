package io.portolan.pusher.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.portolan.events.CredentialIssued;
import io.portolan.events.Envelope;
import io.portolan.events.EventJson;
import io.portolan.events.Provider;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.Topic;
import io.portolan.events.sealed.PullCredential;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.RegistryCredential;
import io.portolan.providers.MintedCredential;
import io.portolan.providers.ProviderSettings;
import io.portolan.providers.Providers;
import io.portolan.sealing.KeysetFiles;
import io.portolan.sealing.SealingKeys;
import io.portolan.service.credentials.CredentialStore;
import io.portolan.service.identity.CredentialConsumer;
import io.portolan.testkit.RegistryAuth;
import io.portolan.testkit.RegistryServer;
import io.portolan.testkit.RegistryUser;
import io.portolan.testkit.TestCharts;
import io.portolan.testkit.TestKit;
import io.portolan.testkit.peers.AwsPeer;
import io.portolan.testkit.peers.EcrRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Pushes to ECR, which refuses pushes to repositories that do not exist: an {@link EcrRegistry}
 * (ECR's repository rule in front of a token-auth registry) and an {@link AwsPeer} that checks
 * SigV4, sessions and session policies. The credentials are minted by the real ECR minter from the
 * peer and sealed to the pusher as the minter seals them, session included where the registry
 * allows repository creation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcrPushIT {
  private static final String TOKEN = "ptl_test-ci";
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";
  private static final String ECR_HOST = ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com";
  private static final String LIMITED = "arn:aws:iam::" + ACCOUNT + ":user/limited";

  private final HttpClient http = HttpClient.newHttpClient();
  private AwsPeer aws;
  private EcrRegistry ecr;
  private ApplicationContext context;
  private Providers providers;
  private String api;
  private MintedCredential creatorLogin;

  @BeforeAll
  void start() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.TOKEN);
    aws =
        AwsPeer.start()
            .user("AKIAPUSHERTEST000001", "aws-secret-one", "arn:aws:iam::" + ACCOUNT + ":user/ci")
            .user("AKIAPUSHERTEST000002", "aws-secret-two", LIMITED)
            .deny(LIMITED, "ecr:CreateRepository");
    aws.onToken(pw -> registry.tokenServer().addUser(new RegistryUser("AWS", pw, true)));
    ecr = EcrRegistry.start(aws, ACCOUNT, REGION, registry);
    String endpoint = "http://" + ecr.host();
    providers =
        new Providers(
            new ProviderSettings(
                aws.uri(),
                aws.uri(),
                null,
                null,
                null,
                Map.of(ECR_HOST, endpoint),
                Duration.ofSeconds(10),
                false),
            s -> RegistryClient.builder(s.host()).reachAt(endpoint),
            Clock.systemUTC());

    Path keyset = TestKit.newDirectory("pusher-keys").resolve("keyset.json");
    SealingKeys keys = KeysetFiles.loadOrCreate(keyset);
    context =
        PusherTestApp.start(
            EcrPushIT.class,
            keyset,
            TOKEN,
            Map.of(
                "portolan.registry-endpoints",
                ECR_HOST + "=" + endpoint,
                "portolan.providers.ecr-endpoint",
                aws.uri().toString()));
    api = PusherTestApp.chartsApi(context);
    CredentialConsumer consumer = context.getBean(CredentialConsumer.class);

    creatorLogin = register(consumer, keys, "ecr-creates", true, "AKIAPUSHERTEST000001", "one");
    register(consumer, keys, "ecr-plain", false, "AKIAPUSHERTEST000001", "one");
    register(consumer, keys, "ecr-limited", true, "AKIAPUSHERTEST000002", "two");
  }

  /** A catalog entry for the ECR registry, and its credential minted and sealed to the pusher. */
  private MintedCredential register(
      CredentialConsumer consumer,
      SealingKeys keys,
      String name,
      boolean createRepositories,
      String accessKeyId,
      String secret)
      throws Exception {
    RegistrySnapshot snapshot =
        new RegistrySnapshot(
            name,
            Provider.ECR,
            ECR_HOST,
            null,
            null,
            new RegistrySnapshot.ProviderSettings(
                null, "ACCESS_KEYS", REGION, ACCOUNT, null, null, null, null, createRepositories),
            null,
            null,
            new RegistrySnapshot.Usage(false, true, false, List.of()),
            false,
            null,
            null);
    consumer.registries().apply(new RegistryChanged(name, 1, false, snapshot, null, Instant.now()));
    MintedCredential minted =
        providers.mint(
            snapshot,
            new RootCredentials(
                RootCredentials.SCHEMA_VERSION,
                null,
                null,
                accessKeyId,
                "aws-secret-" + secret,
                null,
                null,
                null,
                null));
    String consumerId = consumer.identity().consumerId();
    PullCredential credential =
        new PullCredential(
            PullCredential.SCHEMA_VERSION,
            name,
            ECR_HOST,
            minted.username(),
            minted.password(),
            minted.issuedAt(),
            minted.expiresAt(),
            null,
            null,
            null,
            minted.repositorySession());
    consumer
        .credentials()
        .apply(
            new Envelope<>(
                Topic.CREDENTIALS,
                consumerId + "/" + name,
                "e-" + name,
                "test",
                "t",
                Instant.now(),
                new CredentialIssued(
                    consumerId,
                    name,
                    1,
                    1,
                    minted.issuedAt(),
                    minted.expiresAt(),
                    keys.sealer()
                        .sealJson(credential, CredentialStore.sealingContext(consumerId, name))),
                0,
                0));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> consumer.credentials().get(name).isPresent());
    return minted;
  }

  @AfterAll
  void stop() {
    if (context != null) {
      context.close();
    }
    if (providers != null) {
      providers.close();
    }
  }

  private HttpResponse<String> upload(String registry, String namespace, String chart)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(api + "?registry=" + registry + "&namespace=" + namespace))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/gzip")
            .POST(HttpRequest.BodyPublishers.ofByteArray(TestCharts.bytes(chart)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPushToAMissingRepositoryCreatesItOnceAndThePushLands() throws Exception {
    int creates = aws.calls("CreateRepository");

    HttpResponse<String> first = upload("ecr-creates", "team", "hashtest-1.2.3.tgz");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    JsonNode pushed = EventJson.mapper().readTree(first.body());
    assertThat(pushed.get("repositoryCreated").asBoolean()).isTrue();
    assertThat(pushed.get("blobsUploaded").asInt()).isEqualTo(2);
    assertThat(pushed.get("reference").asText())
        .isEqualTo("oci://" + ECR_HOST + "/team/hashtest:1.2.3");
    assertThat(aws.repositoryExists(ACCOUNT, REGION, "team/hashtest")).isTrue();
    assertThat(aws.calls("CreateRepository")).isEqualTo(creates + 1);
    assertThat(aws.createCallers())
        .last()
        .as("the narrowed session, not the registry's own keys")
        .isEqualTo("arn:aws:sts::" + ACCOUNT + ":federated-user/portolan-pusher");
    assertThat(ecr.refusals())
        .as("ECR refused the first upload, as it does for a missing repository")
        .contains(new EcrRegistry.Refusal("POST", "team/hashtest"));

    // what landed reads back through ECR with a pull login, under the digest the pusher reported
    RegistryClient reader =
        RegistryClient.builder(ECR_HOST)
            .reachAt("http://" + ecr.host())
            .credential(RegistryCredential.basic(creatorLogin.username(), creatorLogin.password()))
            .build();
    assertThat(reader.checkManifest("team/hashtest", "1.2.3").orElseThrow().digest().toString())
        .isEqualTo(pushed.get("digest").asText());

    HttpResponse<String> again = upload("ecr-creates", "team", "hashtest-1.2.3.tgz");
    JsonNode second = EventJson.mapper().readTree(again.body());
    assertThat(second.get("unchanged").asBoolean()).isTrue();
    assertThat(second.get("repositoryCreated").asBoolean()).isFalse();
    assertThat(aws.calls("CreateRepository")).as("nothing asked of AWS").isEqualTo(creates + 1);
  }

  @Test
  void aPushToAMissingRepositoryOfARegistryThatDoesNotAllowCreatingSaysWhatToDo() throws Exception {
    int creates = aws.calls("CreateRepository");

    HttpResponse<String> refused = upload("ecr-plain", "plain", "hashtest-1.2.3.tgz");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);
    assertThat(refused.body())
        .contains("ECR has no repository plain/hashtest")
        .contains("turn on credentials.createRepositories");
    assertThat(aws.calls("CreateRepository")).isEqualTo(creates);
    assertThat(aws.repositoryExists(ACCOUNT, REGION, "plain/hashtest")).isFalse();

    // once someone creates it, the same push lands
    aws.createRepository(ACCOUNT, REGION, "plain/hashtest");
    HttpResponse<String> landed = upload("ecr-plain", "plain", "hashtest-1.2.3.tgz");
    assertThat(landed.statusCode()).as(landed.body()).isEqualTo(201);
    assertThat(EventJson.mapper().readTree(landed.body()).get("repositoryCreated").asBoolean())
        .isFalse();
  }

  @Test
  void whenAwsRefusesToCreateTheErrorNamesThePermissionAndNoSecret() throws Exception {
    HttpResponse<String> refused = upload("ecr-limited", "limited", "hashtest-1.2.3.tgz");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);
    assertThat(refused.body())
        .contains("AccessDeniedException")
        .contains("needs ecr:CreateRepository")
        .doesNotContain("aws-secret-two");
    assertThat(aws.repositoryExists(ACCOUNT, REGION, "limited/hashtest")).isFalse();
  }
}
