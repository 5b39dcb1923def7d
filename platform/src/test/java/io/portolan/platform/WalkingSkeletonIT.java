package io.portolan.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.portolan.embedded.FreePorts;
import io.portolan.events.CredentialIssued;
import io.portolan.events.EventJson;
import io.portolan.events.RegistryChanged;
import io.portolan.events.Topic;
import io.portolan.events.kafka.KafkaSettings;
import io.portolan.testkit.EventRecorder;
import io.portolan.testkit.KubernetesStandIn;
import io.portolan.testkit.PostgresSchema;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The walking skeleton, end to end on real processes: a registry created in the catalog reaches
 * Kafka, the minter issues a credential, the injector writes a pull secret that really
 * authenticates to the registry, the pusher pushes a chart there, and the indexer lists it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalkingSkeletonIT {
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private KafkaSettings kafka;
  private RegistryServer registry;
  private KubernetesStandIn k8s;
  private EmbeddedPlatform platform;
  private String adminToken;
  private EventRecorder events;
  private PlatformSettings settings;
  private PlatformKeys keys;
  private AwsPeer aws;
  private EcrRegistry ecr;
  private static final String ACCOUNT = "123456789012";
  private static final String ECR_HOST = ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com";

  @BeforeAll
  void start() throws Exception {
    kafka = TestKit.kafkaFor(WalkingSkeletonIT.class);
    registry = TestKit.registry(RegistryAuth.HTPASSWD);
    k8s = KubernetesStandIn.start();
    for (String ns : new String[] {"team-a", "team-b", "kube-system"}) {
      send(
          k8s.baseUrl() + "/api/v1/namespaces",
          "POST",
          "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}",
          null);
    }
    PostgresSchema catalogDb = TestKit.postgresSchemaFor(WalkingSkeletonIT.class);
    PostgresSchema indexerDb = TestKit.postgresSchemaFor(WalkingSkeletonIT.class);
    keys = PlatformKeys.loadOrCreate(TestKit.newDirectory("platform-keys"));
    adminToken = keys.newAdminToken().reveal();
    Map<String, Map<String, Object>> overrides = new HashMap<>();
    overrides.put("registry-catalog", flyway(catalogDb));
    overrides.put("chart-indexer", flyway(indexerDb));
    overrides.put(
        "cluster-injector",
        Map.of(
            "portolan.injector.api-server",
            k8s.baseUrl(),
            "portolan.injector.resync-interval",
            "2s"));
    // ECR: the AWS peer for the minter and the pusher, and an ECR-like registry (repositories must
    // be created first) that every service reaches the ECR host at
    RegistryServer ecrBehind = TestKit.registry(RegistryAuth.TOKEN);
    aws =
        AwsPeer.start()
            .user("AKIAPLATFORMTEST0001", "aws-e2e-secret", "arn:aws:iam::" + ACCOUNT + ":user/ci");
    aws.onToken(pw -> ecrBehind.tokenServer().addUser(new RegistryUser("AWS", pw, true)));
    ecr = EcrRegistry.start(aws, ACCOUNT, "eu-west-1", ecrBehind);
    for (ServiceDefinition service : ServiceDefinition.ALL) {
      Map<String, Object> merged = new HashMap<>(overrides.getOrDefault(service.name(), Map.of()));
      merged.put("portolan.registry-endpoints", ECR_HOST + "=http://" + ecr.host());
      merged.put("portolan.providers.ecr-endpoint", aws.uri().toString());
      merged.put("portolan.providers.sts-endpoint", aws.uri().toString());
      overrides.put(service.name(), merged);
    }
    Map<String, Integer> ports = new HashMap<>();
    ServiceDefinition.ALL.forEach(s -> ports.put(s.name(), 0));
    settings =
        new PlatformSettings(
            EmbeddedPlatform.home(),
            kafka.bootstrapServers(),
            kafka.topicPrefix(),
            catalogDb.jdbcUrl(),
            indexerDb.jdbcUrl(),
            catalogDb.username(),
            catalogDb.password(),
            ports,
            overrides,
            "127.0.0.1",
            true);
    events = EventRecorder.start(kafka, Topic.REGISTRY_CHANGES, Topic.CREDENTIALS);
    platform = EmbeddedPlatform.start(settings, keys);
  }

  private static Map<String, Object> flyway(PostgresSchema schema) {
    return Map.of(
        "flyway.datasources.default.schemas", schema.schema(),
        "flyway.datasources.default.default-schema", schema.schema());
  }

  @AfterAll
  void stop() {
    if (platform != null) {
      platform.close();
    }
    if (events != null) {
      events.close();
    }
    if (k8s != null) {
      k8s.close();
    }
  }

  @Test
  void aRegistryFromTheCatalogReachesPullSecretsThePusherAndTheChartIndex() throws Exception {
    String catalog = platform.url(ServiceDefinition.CATALOG);
    String body =
        """
        {"name":"skeleton","provider":"OTHER","url":"%s",
         "credentials":{"username":"%s","password":"%s"},
         "tls":{"mode":"INSECURE"},
         "usage":{"pushImages":true,"pushHelm":true,"chartRepository":true,
                  "chartRepositories":["e2e/signtest"]},
         "defaultRegistry":true}
        """
            .formatted(registry.host(), registry.admin().username(), registry.admin().password());

    // 1. the catalog stores it and answers without the password
    HttpResponse<String> created = send(catalog + "/api/v1/registries", "POST", body, adminToken);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain(registry.admin().password());
    String registryId = EventJson.mapper().readTree(created.body()).get("id").asText();

    // 2. RegistryChanged reaches Kafka
    RegistryChanged changed =
        events.await(RegistryChanged.class, e -> e.registryId().equals(registryId));
    assertThat(changed.rootCredentials()).isNotNull();

    // 3. the minter issues a credential sealed to the cluster's injector
    CredentialIssued issued =
        events.await(
            CredentialIssued.class,
            e -> e.registryId().equals(registryId) && e.consumerId().equals("cluster:local"),
            Duration.ofSeconds(60));
    assertThat(issued.credential().ciphertext()).doesNotContain(registry.admin().password());

    // 4. the injector writes a kubernetes.io/dockerconfigjson Secret in the cluster's namespaces
    JsonNode secret =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  HttpResponse<String> r =
                      send(
                          k8s.baseUrl() + "/api/v1/namespaces/team-a/secrets/portolan-skeleton",
                          "GET",
                          null,
                          null);
                  return r.statusCode() == 200 ? EventJson.mapper().readTree(r.body()) : null;
                },
                s -> s != null);
    assertThat(secret.get("type").asText()).isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(
            send(
                    k8s.baseUrl() + "/api/v1/namespaces/kube-system/secrets/portolan-skeleton",
                    "GET",
                    null,
                    null)
                .statusCode())
        .isEqualTo(404);

    // 5. the Secret's credential really authenticates to the registry
    JsonNode dockerConfig =
        EventJson.mapper()
            .readTree(Base64.getDecoder().decode(secret.at("/data/.dockerconfigjson").asText()));
    String auth =
        dockerConfig.at("/auths/" + registry.host().replace("/", "~1") + "/auth").asText();
    assertThat(auth).isNotEmpty();
    HttpResponse<String> withSecret =
        http.send(
            HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v2/"))
                .header("Authorization", "Basic " + auth)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> without =
        http.send(
            HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v2/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(withSecret.statusCode()).isEqualTo(200);
    assertThat(without.statusCode()).isEqualTo(401);

    // 6. the pusher pushes signtest-0.1.0.tgz to the registry (once its push credential arrived)
    HttpResponse<String> pushed = pushChart("skeleton", "e2e", "signtest-0.1.0.tgz");
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
    JsonNode push = EventJson.mapper().readTree(pushed.body());
    assertThat(push.get("repository").asText()).isEqualTo("e2e/signtest");
    assertThat(push.get("tag").asText()).isEqualTo("0.1.0");

    // 7. the indexer's API lists signtest 0.1.0
    String indexer = platform.url(ServiceDefinition.INDEXER);
    JsonNode charts =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(300))
            .until(
                () ->
                    EventJson.mapper()
                        .readTree(
                            send(indexer + "/api/v1/charts?q=signtest", "GET", null, adminToken)
                                .body()),
                page -> page.path("items").size() > 0);
    assertThat(charts.at("/items/0/name").asText()).isEqualTo("signtest");
    assertThat(charts.at("/items/0/latestVersion").asText()).isEqualTo("0.1.0");
    JsonNode version =
        EventJson.mapper()
            .readTree(
                send(
                        indexer + "/api/v1/charts/skeleton/e2e/signtest:0.1.0",
                        "GET",
                        null,
                        adminToken)
                    .body());
    assertThat(version.get("digest").asText()).isEqualTo(push.get("digest").asText());
  }

  @Test
  void aRegistryReachesTwoClustersAndLeavesTheOneWhoseAccessIsWithdrawn() throws Exception {
    // a second cluster, "edge", with its own API server and its own injector
    try (KubernetesStandIn edge = KubernetesStandIn.start()) {
      send(
          edge.baseUrl() + "/api/v1/namespaces",
          "POST",
          "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"apps\"}}",
          null);
      Map<String, Object> props =
          new HashMap<>(
              EmbeddedPlatform.properties(
                  ServiceDefinition.INJECTOR, FreePorts.next(), settings, keys));
      props.put("portolan.injector.cluster-id", "edge");
      props.put("portolan.injector.api-server", edge.baseUrl());
      props.put(
          "portolan.injector.keyset-file",
          TestKit.newDirectory("edge-injector").resolve("keyset.json").toString());
      try (ServiceLoaderIsolation.Running edgeInjector =
          ServiceLoaderIsolation.start(
              "edge-injector",
              ServiceLoaderIsolation.classPath(
                  settings.home().resolve(ServiceDefinition.INJECTOR.module())),
              ServiceDefinition.INJECTOR.mainClass(),
              props)) {
        String catalog = platform.url(ServiceDefinition.CATALOG);
        String body =
            """
            {"name":"fleet","provider":"OTHER","url":"%s",
             "credentials":{"username":"%s","password":"%s"},
             "tls":{"mode":"INSECURE"}}
            """
                .formatted(
                    registry.host(), registry.admin().username(), registry.admin().password());
        HttpResponse<String> created =
            send(catalog + "/api/v1/registries", "POST", body, adminToken);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = EventJson.mapper().readTree(created.body()).get("id").asText();

        // both clusters get the pull secret
        String local = k8s.baseUrl() + "/api/v1/namespaces/team-b/secrets/portolan-fleet";
        String remote = edge.baseUrl() + "/api/v1/namespaces/apps/secrets/portolan-fleet";
        awaitStatus(local, 200);
        awaitStatus(remote, 200);

        // access withdrawn from edge: its secret goes, the local one stays
        HttpResponse<String> patched =
            send(
                catalog + "/api/v1/registries/" + id,
                "PATCH",
                "{\"access\":{\"allClusters\":false,\"clusters\":[\"local\"]}}",
                adminToken);
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        awaitStatus(remote, 404);
        assertThat(send(local, "GET", null, null).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void thePusherCreatesAMissingEcrRepositoryWithTheSessionTheMinterSealedToIt() throws Exception {
    String catalog = platform.url(ServiceDefinition.CATALOG);
    String body =
        """
        {"name":"ecr-charts","provider":"ECR","url":"%s",
         "credentials":{"accessKeyId":"AKIAPLATFORMTEST0001","secretAccessKey":"aws-e2e-secret",
                        "createRepositories":true},
         "tls":{"mode":"INSECURE"},
         "usage":{"pushImages":false,"pushHelm":true}}
        """
            .formatted(ECR_HOST);
    HttpResponse<String> created = send(catalog + "/api/v1/registries", "POST", body, adminToken);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String registryId = EventJson.mapper().readTree(created.body()).get("id").asText();
    assertThat(aws.repositoryExists(ACCOUNT, "eu-west-1", "air-gapped/signtest")).isFalse();

    HttpResponse<String> pushed = pushChart("ecr-charts", "air-gapped", "signtest-0.1.0.tgz");

    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
    JsonNode push = EventJson.mapper().readTree(pushed.body());
    assertThat(push.get("repositoryCreated").asBoolean()).isTrue();
    assertThat(push.get("reference").asText())
        .isEqualTo("oci://" + ECR_HOST + "/air-gapped/signtest:0.1.0");
    assertThat(aws.repositoryExists(ACCOUNT, "eu-west-1", "air-gapped/signtest")).isTrue();
    assertThat(aws.createCallers())
        .containsExactly("arn:aws:sts::" + ACCOUNT + ":federated-user/portolan-pusher");
    assertThat(ecr.refusals()).contains(new EcrRegistry.Refusal("POST", "air-gapped/signtest"));
    // clusters get the registry's 12-hour login (the session, sealed to the pusher alone, does
    // not shorten it)
    CredentialIssued toCluster =
        events.await(
            CredentialIssued.class,
            e -> e.registryId().equals(registryId) && e.consumerId().equals("cluster:local"),
            Duration.ofSeconds(60));
    assertThat(toCluster.expiresAt()).isAfter(java.time.Instant.now().plus(Duration.ofHours(11)));
  }

  @Test
  void aCiEventCopiesAChartFromOneRegistryToAnotherAndTheIndexListsIt() throws Exception {
    String catalog = platform.url(ServiceDefinition.CATALOG);
    String indexer = platform.url(ServiceDefinition.INDEXER);
    // the source: a registry with the chart, pushed there by the pusher as helm would
    String sourceBody =
        """
        {"name":"copy-source","provider":"OTHER","url":"%s",
         "credentials":{"username":"%s","password":"%s"},"tls":{"mode":"INSECURE"},
         "usage":{"pushImages":false,"pushHelm":true,"chartRepository":false}}
        """
            .formatted(registry.host(), registry.admin().username(), registry.admin().password());
    HttpResponse<String> source =
        send(catalog + "/api/v1/registries", "POST", sourceBody, adminToken);
    assertThat(source.statusCode()).as(source.body()).isEqualTo(201);
    HttpResponse<String> pushed = pushChart("copy-source", "src", "sprocket-1.2.0.tgz");
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
    String sourceDigest = EventJson.mapper().readTree(pushed.body()).get("digest").asText();

    // the target: another registry server, used as a chart repository
    RegistryServer mirror =
        RegistryServer.start(RegistryAuth.HTPASSWD, TestKit.newDirectory("mirror-registry"));
    try {
      String mirrorBody =
          """
          {"name":"mirror","provider":"OTHER","url":"%s",
           "credentials":{"username":"%s","password":"%s"},"tls":{"mode":"INSECURE"},
           "usage":{"pushImages":false,"pushHelm":true,"chartRepository":true,
                    "chartRepositories":["copies/sprocket"]}}
          """
              .formatted(mirror.host(), mirror.admin().username(), mirror.admin().password());
      HttpResponse<String> created =
          send(catalog + "/api/v1/registries", "POST", mirrorBody, adminToken);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

      // CI asks for the copy on build.events
      try (io.portolan.events.kafka.EventPublisher ci =
          new io.portolan.events.kafka.EventPublisher(
              kafka,
              new io.portolan.events.EventCodec(kafka.topicPrefix(), "/ci/pipeline"),
              new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
        // until the pusher holds the mirror's credential, a request fails on status; ask again
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofSeconds(3))
            .until(
                () -> {
                  ci.publishAndWait(
                      new io.portolan.events.ChartPushRequested(
                          1,
                          "copy-" + System.nanoTime(),
                          "oci://" + registry.host() + "/src/sprocket:1.2.0",
                          null,
                          java.util.List.of(
                              new io.portolan.events.ChartPushRequested.Target("mirror", "copies")),
                          null),
                      Duration.ofSeconds(10));
                  return send(
                                  indexer + "/api/v1/charts/mirror/copies/sprocket:1.2.0",
                                  "GET",
                                  null,
                                  adminToken)
                              .statusCode()
                          == 200
                      || await200(indexer + "/api/v1/charts/mirror/copies/sprocket:1.2.0");
                });
      }
      JsonNode indexed =
          EventJson.mapper()
              .readTree(
                  send(
                          indexer + "/api/v1/charts/mirror/copies/sprocket:1.2.0",
                          "GET",
                          null,
                          adminToken)
                      .body());
      // relocated byte for byte: the same manifest, so the same digest
      assertThat(indexed.get("digest").asText()).isEqualTo(sourceDigest);
      assertThat(indexed.get("reference").asText())
          .isEqualTo("oci://" + mirror.host() + "/copies/sprocket:1.2.0");
    } finally {
      mirror.close();
    }
  }

  /** Uploads a test chart through the pusher, once the pusher holds the registry's credential. */
  private HttpResponse<String> pushChart(String registryName, String namespace, String chart) {
    String pusher = platform.url(ServiceDefinition.PUSHER);
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                pusher
                                    + "/api/v1/charts?registry="
                                    + registryName
                                    + "&namespace="
                                    + namespace))
                        .header("Authorization", "Bearer " + adminToken)
                        .header("Content-Type", "application/gzip")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(TestCharts.bytes(chart)))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()),
            r -> r.statusCode() != 409); // 409: no credential for the registry yet
  }

  /** Gives the indexer a few seconds to index what was just pushed. */
  private boolean await200(String url) {
    try {
      await()
          .atMost(Duration.ofSeconds(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> send(url, "GET", null, adminToken).statusCode() == 200);
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  private void awaitStatus(String url, int status) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> send(url, "GET", null, null).statusCode() == status);
  }

  private HttpResponse<String> send(String url, String method, String json, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
