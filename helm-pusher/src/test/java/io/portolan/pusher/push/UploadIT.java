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
import io.portolan.oci.RegistryCredential;
import io.portolan.sealing.KeysetFiles;
import io.portolan.sealing.SealingKeys;
import io.portolan.service.credentials.CredentialStore;
import io.portolan.service.identity.CredentialConsumer;
import io.portolan.testkit.RegistryAuth;
import io.portolan.testkit.RegistryServer;
import io.portolan.testkit.TestCharts;
import io.portolan.testkit.TestKit;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code POST /api/v1/charts}: a body or a multipart form with the package and its provenance. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadIT {
  private static final String TOKEN = "ptl_test-ci";
  private final HttpClient http = HttpClient.newHttpClient();
  private RegistryServer registry;
  private ApplicationContext context;
  private String api;

  @BeforeAll
  void start() throws Exception {
    registry = TestKit.registry(RegistryAuth.HTPASSWD);
    Path keyset = TestKit.newDirectory("pusher-keys").resolve("keyset.json");
    SealingKeys keys = KeysetFiles.loadOrCreate(keyset); // the pusher loads this same key pair
    context = PusherTestApp.start(UploadIT.class, keyset, TOKEN, Map.of());
    api = PusherTestApp.chartsApi(context);
    CredentialConsumer consumer = context.getBean(CredentialConsumer.class);
    consumer
        .registries()
        .apply(
            new RegistryChanged(
                "reg-up",
                1,
                false,
                new RegistrySnapshot(
                    "uploads",
                    Provider.OTHER,
                    registry.host(),
                    null,
                    null,
                    null,
                    new RegistrySnapshot.Tls(RegistrySnapshot.TlsMode.INSECURE, null),
                    null,
                    new RegistrySnapshot.Usage(false, true, false, List.of()),
                    true,
                    null,
                    null),
                null,
                Instant.now()));
    // other catalog entries for the same registry, for which this pusher holds no login (as when
    // the same registry is also listed for images): a copy must still read with the login it has
    for (int i = 0; i < 5; i++) {
      consumer
          .registries()
          .apply(
              new RegistryChanged(
                  "reg-alias-" + i,
                  1,
                  false,
                  new RegistrySnapshot(
                      "alias-" + i,
                      Provider.OTHER,
                      registry.host(),
                      null,
                      null,
                      null,
                      new RegistrySnapshot.Tls(RegistrySnapshot.TlsMode.INSECURE, null),
                      null,
                      null,
                      false,
                      null,
                      null),
                  null,
                  Instant.now()));
    }
    // the minter's credential, sealed to this pusher as the minter seals it
    String consumerId = consumer.identity().consumerId();
    Instant now = Instant.now();
    PullCredential credential =
        new PullCredential(
            "reg-up",
            registry.host(),
            registry.admin().username(),
            registry.admin().password(),
            now,
            null);
    consumer
        .credentials()
        .apply(
            new Envelope<>(
                Topic.CREDENTIALS,
                consumerId + "/reg-up",
                "e1",
                "test",
                "t",
                now,
                new CredentialIssued(
                    consumerId,
                    "reg-up",
                    1,
                    1,
                    now,
                    null,
                    keys.sealer()
                        .sealJson(
                            credential, CredentialStore.sealingContext(consumerId, "reg-up"))),
                0,
                0));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> consumer.credentials().get("reg-up").isPresent());
  }

  @AfterAll
  void stop() {
    if (context != null) {
      context.close();
    }
  }

  private io.portolan.oci.RegistryClient adminClient() {
    return io.portolan.oci.RegistryClient.builder(registry.host())
        .tls(io.portolan.oci.TlsMode.INSECURE, null)
        .credential(
            RegistryCredential.basic(registry.admin().username(), registry.admin().password()))
        .build();
  }

  private HttpResponse<String> form(String query, Map<String, byte[]> files) throws Exception {
    String boundary = "portolan-" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (var file : files.entrySet()) {
      body.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + file.getKey()
                  + "\"; filename=\""
                  + file.getKey()
                  + "\"\r\n"
                  + "Content-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.write(file.getValue());
      body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(URI.create(api + query))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFormWithThePackageAndItsProvenancePushesThreeLayersThenNothing() throws Exception {
    Map<String, byte[]> files = new java.util.LinkedHashMap<>();
    files.put("chart", TestCharts.bytes("signtest-0.1.0.tgz"));
    files.put("prov", TestCharts.bytes("signtest-0.1.0.tgz.prov"));

    HttpResponse<String> first = form("?namespace=signed&created=2026-11-21T10:00:00Z", files);
    HttpResponse<String> again = form("?namespace=signed&created=2026-11-21T10:00:00Z", files);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    JsonNode pushed = EventJson.mapper().readTree(first.body());
    assertThat(pushed.get("repository").asText()).isEqualTo("signed/signtest");
    assertThat(pushed.get("blobsUploaded").asInt()).isEqualTo(3); // config, chart, provenance
    assertThat(pushed.get("reference").asText())
        .isEqualTo("oci://" + registry.host() + "/signed/signtest:0.1.0");
    JsonNode second = EventJson.mapper().readTree(again.body());
    assertThat(second.get("unchanged").asBoolean()).isTrue();
    assertThat(second.get("blobsUploaded").asInt()).isZero();
    assertThat(second.get("digest").asText()).isEqualTo(pushed.get("digest").asText());
  }

  @Test
  void withoutACreatedTimeTheArchivesOwnTimeIsUsedAndTheSameChartAgainChangesNothing()
      throws Exception {
    // frobnitz's files were packaged at 2019-03-21T23:26:42Z: that is its created time
    HttpResponse<String> stamped =
        form("?namespace=untimed", Map.of("chart", TestCharts.bytes("frobnitz-1.2.3.tgz")));
    assertThat(stamped.statusCode()).as(stamped.body()).isEqualTo(201);
    var client = adminClient();
    JsonNode manifest =
        EventJson.mapper().readTree(client.pullManifest("untimed/frobnitz", "1.2.3").bytes());
    assertThat(manifest.at("/annotations/org.opencontainers.image.created").asText())
        .isEqualTo("2019-03-21T23:26:42Z");

    // hashtest carries no times (a reproducible build): the push time, then nothing on a repeat
    Map<String, byte[]> untimed = Map.of("chart", TestCharts.bytes("hashtest-1.2.3.tgz"));
    HttpResponse<String> first = form("?namespace=untimed", untimed);
    int before = registry.requests().size();
    HttpResponse<String> again = form("?namespace=untimed", untimed);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    JsonNode second = EventJson.mapper().readTree(again.body());
    assertThat(second.get("unchanged").asBoolean()).isTrue();
    assertThat(second.get("digest").asText())
        .isEqualTo(EventJson.mapper().readTree(first.body()).get("digest").asText());
    assertThat(registry.requests().subList(before, registry.requests().size()))
        .as("nothing written the second time")
        .noneMatch(r -> r.method().equals("PUT") || r.method().equals("POST"));

    // a created time given explicitly is what the caller wants: the tag moves to it
    HttpResponse<String> retimed = form("?namespace=untimed&created=2026-01-01T00:00:00Z", untimed);
    assertThat(EventJson.mapper().readTree(retimed.body()).get("unchanged").asBoolean()).isFalse();
  }

  @Test
  void aCopyWithinOneRegistryMountsTheBlobsInsteadOfUploadingThem() throws Exception {
    Map<String, byte[]> files = Map.of("chart", TestCharts.bytes("hashtest-1.2.3.tgz"));
    HttpResponse<String> original = form("?namespace=originals", files);
    assertThat(original.statusCode()).as(original.body()).isEqualTo(201);
    int before = registry.requests().size();

    context
        .getBean(PushRequests.class)
        .handle(
            new io.portolan.events.ChartPushRequested(
                1,
                "copy-1",
                "oci://" + registry.host() + "/originals/hashtest:1.2.3",
                null,
                List.of(new io.portolan.events.ChartPushRequested.Target("uploads", "copies")),
                null));

    var during = registry.requests().subList(before, registry.requests().size());
    assertThat(during)
        .filteredOn(r -> r.method().equals("POST") && r.path().contains("mount="))
        .hasSize(2); // the config and the chart
    assertThat(during)
        .filteredOn(r -> r.method().equals("PUT") && r.path().contains("/blobs/uploads/"))
        .isEmpty(); // nothing uploaded
    assertThat(during)
        .anyMatch(
            r ->
                r.method().equals("PUT") && r.path().equals("/v2/copies/hashtest/manifests/1.2.3"));
  }

  @Test
  void aRequestWithAnHttpSourceFetchesThePackageAndItsProvenance() throws Exception {
    com.sun.net.httpserver.HttpServer files =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    files.createContext(
        "/",
        exchange -> {
          String name = exchange.getRequestURI().getPath().substring(1);
          byte[] body = TestCharts.bytes(name);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    files.start();
    try {
      String base = "http://127.0.0.1:" + files.getAddress().getPort() + "/";
      context
          .getBean(PushRequests.class)
          .handle(
              new io.portolan.events.ChartPushRequested(
                  1,
                  "fetch-1",
                  base + "hashtest-1.2.3.tgz",
                  base + "hashtest-1.2.3.tgz.prov",
                  List.of(new io.portolan.events.ChartPushRequested.Target("uploads", "fetched")),
                  Instant.parse("2026-11-21T10:00:00Z")));

      var client = adminClient();
      JsonNode manifest =
          EventJson.mapper().readTree(client.pullManifest("fetched/hashtest", "1.2.3").bytes());
      assertThat(manifest.get("layers")).hasSize(2); // the chart and its provenance
      assertThat(manifest.at("/annotations/org.opencontainers.image.created").asText())
          .isEqualTo("2026-11-21T10:00:00Z");
    } finally {
      files.stop(0);
    }
  }

  @Test
  void aRefusedPackageSaysWhichRuleItBroke() throws Exception {
    HttpResponse<String> refused = form("", Map.of("chart", TestCharts.bytes("empty-0.0.1.tgz")));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("chart-rejected").contains("rule:");
    HttpResponse<String> missing = form("", Map.of("prov", "x".getBytes(StandardCharsets.UTF_8)));
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("\"chart\"").contains("form part named chart");
  }
}
