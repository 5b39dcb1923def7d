package io.portolan.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portolan.indexer.index.IndexingService;
import io.portolan.testkit.TestCharts;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The chart store's change feed: server-sent events for what the indexer indexes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartFeedIT {
  private IndexerFixture f;

  @BeforeAll
  void start() throws Exception {
    f = new IndexerFixture(ChartFeedIT.class);
    f.announceRegistry("reg-feed", "feed");
  }

  @AfterAll
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void streamsEachNewChartVersionAsAServerSentEvent() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    long opening = System.nanoTime();
    HttpResponse<Stream<String>> stream =
        f.http.send(
            HttpRequest.newBuilder(URI.create(f.baseUrl + "/api/v1/charts/changes"))
                .header("Authorization", "Bearer " + IndexerFixture.TOKEN)
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.statusCode()).isEqualTo(200);
    // the response starts at once, not with the first keep-alive 15 s in
    assertThat(Duration.ofNanos(System.nanoTime() - opening)).isLessThan(Duration.ofSeconds(5));
    assertThat(stream.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(() -> stream.body().forEach(lines::add));
    try {
      HelmPush.push(f.client, "charts/sprocket", TestCharts.bytes("sprocket-1.1.0.tgz"));
      HelmPush.push(f.client, "charts/sprocket", TestCharts.bytes("sprocket-1.2.0.tgz"));
      f.context.getBean(IndexingService.class).indexRepository("reg-feed", "charts/sprocket");

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> lines.stream().filter(l -> l.startsWith("data: ")).count() >= 2);
      assertThat(lines).contains("event: chart.indexed");
      assertThat(lines.stream().filter(l -> l.startsWith("data: ")))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .contains("\"registry\":\"feed\"")
                      .contains("\"repository\":\"charts/sprocket\"")
                      .contains("\"version\":\"1.2.0\""))
          .anySatisfy(l -> assertThat(l).contains("\"version\":\"1.1.0\""));
      assertThat(lines.stream().filter(l -> l.startsWith("id: "))).hasSizeGreaterThanOrEqualTo(2);
    } finally {
      stream.body().close();
      reader.cancel(true);
    }
  }

  @Test
  void aTagDeletedFromTheRegistryLeavesTheIndex() throws Exception {
    HelmPush.push(f.client, "charts/zarthal", TestCharts.bytes("zarthal-1.0.0.tgz"));
    var kept = HelmPush.push(f.client, "charts/zarthal", TestCharts.bytes("sprocket-1.1.0.tgz"));
    IndexingService indexing = f.context.getBean(IndexingService.class);
    indexing.indexRepository("reg-feed", "charts/zarthal");
    assertThat(f.get("/api/v1/charts/feed/charts/zarthal", 200).findValuesAsText("version"))
        .containsExactly("1.1.0", "1.0.0");
    String digest =
        f.client.checkManifest("charts/zarthal", "1.0.0").orElseThrow().digest().toString();

    HttpResponse<String> deleted =
        f.http.send(
            HttpRequest.newBuilder(
                    URI.create(f.registry.baseUrl() + "/v2/charts/zarthal/manifests/" + digest))
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
    indexing.indexRepository("reg-feed", "charts/zarthal");

    assertThat(f.get("/api/v1/charts/feed/charts/zarthal", 200).findValuesAsText("version"))
        .containsExactly("1.1.0");
    f.get("/api/v1/charts/feed/charts/zarthal:1.0.0", 404);
    assertThat(f.get("/api/v1/charts/feed/charts/zarthal:1.1.0", 200).get("digest").asText())
        .isEqualTo(kept.getValue().toString());
    f.events.await(
        io.portolan.events.ChartRemoved.class,
        e -> e.repository().equals("charts/zarthal") && e.version().equals("1.0.0"));
  }

  @Test
  void saysOnStatusWhenARegistryRefusesToListItsRepositories() {
    io.portolan.testkit.RegistryServer locked =
        io.portolan.testkit.TestKit.registry(io.portolan.testkit.RegistryAuth.HTPASSWD);
    f.announceRegistry("reg-locked", "locked", locked.host());

    f.context.getBean(IndexingService.class).indexRegistry("reg-locked");

    io.portolan.events.IndexStatus status =
        f.events.await(
            io.portolan.events.IndexStatus.class, s -> s.registryId().equals("reg-locked"));
    assertThat(status.state()).isEqualTo(io.portolan.events.IndexStatus.State.CATALOG_REFUSED);
    assertThat(status.message())
        .contains("_catalog")
        .contains("list the chart repositories in the catalog");
  }

  @Test
  void theFeedNeedsAToken() throws Exception {
    HttpResponse<String> r =
        f.http.send(
            HttpRequest.newBuilder(URI.create(f.baseUrl + "/api/v1/charts/changes")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
  }
}
