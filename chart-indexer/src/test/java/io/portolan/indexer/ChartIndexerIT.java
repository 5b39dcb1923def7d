package io.portolan.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.portolan.events.ChartIndexed;
import io.portolan.events.EventJson;
import io.portolan.events.IndexStatus;
import io.portolan.events.Provider;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.Topic;
import io.portolan.events.Visibility;
import io.portolan.events.kafka.KafkaSettings;
import io.portolan.indexer.index.IndexingService;
import io.portolan.oci.Digest;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.TlsMode;
import io.portolan.service.identity.CredentialConsumer;
import io.portolan.testkit.EventRecorder;
import io.portolan.testkit.PostgresSchema;
import io.portolan.testkit.RegistryAuth;
import io.portolan.testkit.RegistryServer;
import io.portolan.testkit.TestCharts;
import io.portolan.testkit.TestKit;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The indexer against a registry holding the whole test corpus, pushed as helm lays charts out,
 * with a broken archive, an archive without Chart.yaml and a container image among them; the chart
 * store API over what it indexed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartIndexerIT {
  private static final String TOKEN = "ptl_test-viewer";
  private final HttpClient http = HttpClient.newHttpClient();
  private RegistryServer registry;
  private ApplicationContext context;
  private String api;
  private IndexingService indexing;
  private EventRecorder events;
  private RegistryClient client;

  /** Repository -> version -> manifest digest, as pushed; one repository per chart. */
  private final Map<String, Map<String, Digest>> pushed = new LinkedHashMap<>();

  private final java.util.Set<String> names = new java.util.TreeSet<>();

  @BeforeAll
  void start() throws Exception {
    registry =
        RegistryServer.start(RegistryAuth.ANONYMOUS, TestKit.newDirectory("corpus-registry"));
    KafkaSettings kafka = TestKit.kafkaFor(ChartIndexerIT.class);
    PostgresSchema schema = TestKit.postgresSchemaFor(ChartIndexerIT.class);
    Map<String, Object> p = new HashMap<>();
    p.put("micronaut.server.port", "-1");
    p.put("datasources.default.url", schema.jdbcUrl());
    p.put("datasources.default.username", schema.username());
    p.put("datasources.default.password", schema.password());
    p.put("flyway.datasources.default.schemas", schema.schema());
    p.put("flyway.datasources.default.default-schema", schema.schema());
    p.put("portolan.kafka.bootstrap-servers", kafka.bootstrapServers());
    p.put("portolan.kafka.topic-prefix", kafka.topicPrefix());
    p.put(
        "portolan.indexer.keyset-file",
        TestKit.newDirectory("indexer-keys").resolve("keyset.json").toString());
    p.put("portolan.indexer.resync-interval", "1h");
    p.put("portolan.allow-loopback-registries", "true");
    p.put("portolan.api.tokens", List.of("viewer=" + sha256(TOKEN)));
    events = EventRecorder.start(kafka, Topic.STATUS, Topic.CHART_CHANGES);
    context = ApplicationContext.run(EmbeddedServer.class, p).getApplicationContext();
    api = context.getBean(EmbeddedServer.class).getURL().toString() + "/api/v1/charts";
    indexing = context.getBean(IndexingService.class);

    client = RegistryClient.builder(registry.host()).tls(TlsMode.INSECURE, null).build();
    for (Path chart : TestCharts.all()) {
      String file = chart.getFileName().toString();
      if (!file.endsWith(".tgz")) {
        continue;
      }
      byte[] tgz = TestCharts.bytes(file);
      if (file.equals("corrupted-compressed-chart.tgz") || file.equals("empty-0.0.1.tgz")) {
        // bad input, pushed as a careless tool would: no Chart.yaml, so an empty config
        HelmPush.push(
            client,
            "charts/broken",
            file.startsWith("empty") ? "0.0.1" : "0.0.2",
            HelmPush.config(tgz),
            tgz);
        continue;
      }
      JsonNode meta = EventJson.mapper().readTree(HelmPush.config(tgz));
      String name = meta.path("name").asText();
      String version = meta.path("version").asText();
      // three archives are all frobnitz 1.2.3: each gets a repository of its own
      String repository = "charts/" + name;
      for (int n = 2; pushed.getOrDefault(repository, Map.of()).containsKey(version); n++) {
        repository = "charts/" + name + "-" + n;
      }
      Map.Entry<String, Digest> done = HelmPush.push(client, repository, tgz);
      pushed
          .computeIfAbsent(repository, r -> new LinkedHashMap<>())
          .put(done.getKey(), done.getValue());
      names.add(name);
    }
    HelmPush.pushImage(client, "charts/compressedchart", "9.9.9"); // an image among charts
    HelmPush.pushImage(client, "apps/web", "1.0.0");

    RegistrySnapshot snapshot =
        new RegistrySnapshot(
            "corpus",
            Provider.OTHER,
            registry.host(),
            null,
            Visibility.PUBLIC,
            null,
            new RegistrySnapshot.Tls(RegistrySnapshot.TlsMode.INSECURE, null),
            null,
            new RegistrySnapshot.Usage(false, false, true, List.of()), // discover via _catalog
            false,
            null,
            null);
    context
        .getBean(CredentialConsumer.class)
        .registries()
        .apply(new RegistryChanged("reg-corpus", 1, false, snapshot, null, Instant.now()));
    indexing.indexRegistry("reg-corpus");
  }

  @AfterAll
  void stop() {
    if (context != null) {
      context.close();
    }
    if (events != null) {
      events.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private JsonNode get(String path, int status) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return EventJson.mapper().readTree(r.body());
  }

  @Test
  void indexesEveryChartOfTheCorpusAndReportsWhatItSkipped() throws Exception {
    JsonNode all = get("?size=100", 200);
    assertThat(all.get("total").asLong()).isEqualTo(pushed.size());
    assertThat(all.get("items").findValuesAsText("repository"))
        .containsExactlyInAnyOrderElementsOf(pushed.keySet());
    assertThat(all.get("items").findValuesAsText("name")).containsAll(names);

    // three versions of one chart, newest first, each with the digest that was pushed
    JsonNode versions = get("/corpus/charts/compressedchart", 200);
    assertThat(versions.findValuesAsText("version")).containsExactly("0.3.0", "0.2.0", "0.1.0");
    for (JsonNode v : versions) {
      assertThat(v.get("digest").asText())
          .isEqualTo(
              pushed.get("charts/compressedchart").get(v.get("version").asText()).toString());
    }
    // a pre-release is a version like any other
    assertThat(get("/corpus/charts/pre-release-chart", 200).findValuesAsText("version"))
        .containsExactly("0.1.0-alpha");

    IndexStatus status = events.await(IndexStatus.class, s -> s.registryId().equals("reg-corpus"));
    // two images (one among the charts) and the two archives without a Chart.yaml
    assertThat(status.skipped()).isEqualTo(4);
    assertThat(status.state()).isEqualTo(IndexStatus.State.INDEXED);
    assertThat(status.charts()).isEqualTo(pushed.values().stream().mapToInt(Map::size).sum());
    assertThat(
            events.all(ChartIndexed.class).stream()
                .filter(e -> e.registryId().equals("reg-corpus"))
                .count())
        .isEqualTo(status.charts());
  }

  @Test
  void servesOneVersionsMetadataWithItsReferenceAndPullCommand() throws Exception {
    JsonNode v = get("/corpus/charts/frobnitz:1.2.3", 200);

    assertThat(v.get("name").asText()).isEqualTo("frobnitz");
    assertThat(v.get("digest").asText())
        .isEqualTo(pushed.get("charts/frobnitz").get("1.2.3").toString());
    assertThat(v.get("reference").asText())
        .isEqualTo("oci://" + registry.host() + "/charts/frobnitz:1.2.3");
    assertThat(v.get("helmPull").asText())
        .isEqualTo("helm pull oci://" + registry.host() + "/charts/frobnitz --version 1.2.3");
    assertThat(v.get("keywords")).isNotEmpty();
    assertThat(v.get("maintainers")).isNotEmpty();
    assertThat(v.get("maintainers").get(0).get("name").asText()).isNotEmpty();
    assertThat(v.get("sources")).isNotEmpty();
    assertThat(v.get("dependencies")).isNotEmpty();
    assertThat(v.get("annotations").size()).isPositive();
    assertThat(v.get("icon").asText()).startsWith("http");
    assertThat(v.get("size").asLong()).isEqualTo(TestCharts.bytes("frobnitz-1.2.3.tgz").length);
    assertThat(v.get("created").asText()).isEqualTo("2026-11-21T00:00:00Z");

    get("/corpus/charts/frobnitz:9.9.9", 404);
    get("/corpus/charts/no-such-chart", 404);
    get("/nowhere/charts/frobnitz", 404);
  }

  @Test
  void searchesByNameKeywordAndDescriptionAPageAtATime() throws Exception {
    JsonNode byName = get("?q=COMPRESSED", 200);
    assertThat(byName.get("items").findValuesAsText("name"))
        .contains("compressedchart", "compressedchart-with-hyphens");
    String keyword = get("/corpus/charts/frobnitz:1.2.3", 200).get("keywords").get(0).asText();

    JsonNode byKeyword = get("?keyword=" + URLEncoder.encode(keyword, StandardCharsets.UTF_8), 200);
    assertThat(byKeyword.get("items").findValuesAsText("name")).contains("frobnitz");
    assertThat(byKeyword.get("items"))
        .allSatisfy(
            c ->
                assertThat(
                        java.util.stream.StreamSupport.stream(
                                c.get("keywords").spliterator(), false)
                            .map(JsonNode::asText))
                    .contains(keyword));
    assertThat(get("?keyword=no-chart-has-this", 200).get("total").asLong()).isZero();

    JsonNode first = get("?size=5&page=0", 200);
    JsonNode second = get("?size=5&page=1", 200);
    assertThat(first.get("items")).hasSize(5);
    assertThat(first.get("total").asLong()).isEqualTo(pushed.size());
    assertThat(second.get("items").findValuesAsText("repository"))
        .doesNotContainAnyElementsOf(first.get("items").findValuesAsText("repository"));
    get("?size=0", 400);
    get("?page=-1", 400);
  }

  @Test
  void anUnchangedRegistryIsIndexedAgainWithHeadsOnlyAndNoChartIsEverDownloaded() throws Exception {
    int before = registry.requests().size();
    indexing.indexRegistry("reg-corpus");
    List<RegistryServer.Request> again =
        registry.requests().subList(before, registry.requests().size());

    assertThat(again).isNotEmpty();
    assertThat(again)
        .filteredOn(r -> r.path().contains("/manifests/") || r.path().contains("/blobs/"))
        .allSatisfy(r -> assertThat(r.method()).isEqualTo("HEAD"));
    // over both passes, no chart archive was downloaded: the only blobs read are configs
    java.util.Set<String> layers = new java.util.HashSet<>();
    for (Path chart : TestCharts.all()) {
      if (chart.toString().endsWith(".tgz")) {
        layers.add(Digest.sha256(TestCharts.bytes(chart.getFileName().toString())).toString());
      }
    }
    assertThat(registry.requests())
        .filteredOn(r -> r.method().equals("GET") && r.path().contains("/blobs/"))
        .isNotEmpty()
        .noneMatch(r -> layers.contains(r.path().substring(r.path().lastIndexOf('/') + 1)));
  }
}
