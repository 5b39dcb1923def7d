package io.portolan.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.portolan.events.ChartIndexed;
import io.portolan.events.EventJson;
import io.portolan.events.IndexStatus;
import io.portolan.indexer.index.IndexingService;
import io.portolan.oci.Digest;
import io.portolan.oci.RegistryClient;
import io.portolan.testkit.EventRecorder;
import io.portolan.testkit.RegistryServer;
import io.portolan.testkit.TestCharts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
  private IndexerFixture f;
  private RegistryServer registry;
  private IndexingService indexing;
  private EventRecorder events;
  private RegistryClient client;

  /** Repository -> version -> manifest digest, as pushed; one repository per chart. */
  private final Map<String, Map<String, Digest>> pushed = new LinkedHashMap<>();

  private final java.util.Set<String> names = new java.util.TreeSet<>();

  @BeforeAll
  void start() throws Exception {
    f = new IndexerFixture(ChartIndexerIT.class);
    registry = f.registry;
    events = f.events;
    client = f.client;
    indexing = f.context.getBean(IndexingService.class);
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
    f.announceRegistry("reg-corpus", "corpus");
    indexing.indexRegistry("reg-corpus");
  }

  @AfterAll
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  private JsonNode get(String path, int status) throws Exception {
    return f.get("/api/v1/charts" + path, status);
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
    assertThat(status.message())
        .contains("4 tags were skipped")
        .contains("charts/broken:0.0.1")
        .contains("charts/broken:0.0.2")
        .contains("apps/web:1.0.0");
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
    JsonNode none = get("?keyword=no-chart-has-this", 200);
    assertThat(none.get("total").asLong()).isZero();
    assertThat(none.get("items").isArray()).isTrue(); // an empty page still has its items

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
