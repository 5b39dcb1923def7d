package io.portolan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portolan.embedded.EmbeddedKafka;
import io.portolan.embedded.EmbeddedPostgresServer;
import io.portolan.embedded.FreePorts;
import io.portolan.events.ChartPushed;
import io.portolan.events.EventCodec;
import io.portolan.events.EventJson;
import io.portolan.events.IndexStatus;
import io.portolan.events.Provider;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.Topic;
import io.portolan.events.Visibility;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.events.kafka.KafkaSettings;
import io.portolan.events.kafka.TopicProvisioner;
import io.portolan.oci.BlobSource;
import io.portolan.oci.Digest;
import io.portolan.oci.MediaTypes;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.TlsMode;
import io.portolan.platform.EmbeddedPlatform;
import io.portolan.platform.ServiceLoaderIsolation;
import io.portolan.service.auth.StaticTokenValidator;
import io.portolan.testkit.EventRecorder;
import io.portolan.testkit.RegistryAuth;
import io.portolan.testkit.RegistryServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The chart indexer against a local registry ({@code docker-registry}) holding R repositories of V
 * chart versions each, as a black box: the indexer runs as the service it is (its own class loader,
 * Kafka, PostgreSQL) and a pass starts with a {@code RegistryChanged} event and ends with the
 * {@code IndexStatus} it publishes. Three passes — cold, nothing changed, after 5 new pushes — and,
 * in the same run against the same registry, the same three passes the way other chart stores
 * index: list tags, then GET every manifest and every chart archive and read Chart.yaml out of it.
 * Requests and bytes come from the registry's own access log. Last, the latency from a push (and
 * its {@code chart.pushed} event) to the version answering in the chart store API.
 */
final class IndexerBenchmark {
  private final int repositories;
  private final int versions;
  private final int latencySamples;
  private final Random random = new Random(42);

  IndexerBenchmark(List<String> options) {
    this.repositories = Bench.option(options, "--repositories", 200);
    this.versions = Bench.option(options, "--versions", 10);
    this.latencySamples = Bench.option(options, "--latency-samples", 10);
  }

  /** One pass's cost, as the registry saw it. */
  private record Pass(
      String what, double seconds, int requests, long bytes, int manifests, int blobs) {
    String row() {
      return String.format(
          "%-44s %8.2f s %9d requests %9.1f MiB down  (manifest GETs %d, blob GETs %d)",
          what, seconds, requests, bytes / 1048576.0, manifests, blobs);
    }
  }

  void run() throws Exception {
    Path dir = Path.of("benchmarks/target/bench-indexer").toAbsolutePath();
    deleteTree(dir);
    Files.createDirectories(dir);
    System.out.printf(
        "Indexer benchmark: %d repositories x %d versions in a local docker-registry%n",
        repositories, versions);
    try (EmbeddedKafka kafka =
            EmbeddedKafka.start(dir.resolve("kafka"), FreePorts.next(), Map.of());
        EmbeddedPostgresServer postgres =
            EmbeddedPostgresServer.start(dir.resolve("pg/data"), dir.resolve("pg/work"), 0);
        RegistryServer registry =
            RegistryServer.start(RegistryAuth.ANONYMOUS, dir.resolve("registry"))) {
      postgres.ensureDatabase("indexer");
      RegistryClient client =
          RegistryClient.builder(registry.host()).tls(TlsMode.INSECURE, null).build();
      long pushStart = System.nanoTime();
      List<String> repos = new ArrayList<>();
      for (int r = 0; r < repositories; r++) {
        repos.add(String.format("charts/app-%03d", r));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> pushes = new ArrayList<>();
      for (String repo : repos) {
        pushes.add(
            pool.submit(
                () -> {
                  for (int v = 0; v < versions; v++) {
                    push(client, repo, "1." + v + ".0");
                  }
                  return null;
                }));
      }
      for (Future<?> f : pushes) {
        f.get();
      }
      pool.shutdown();
      System.out.printf(
          "pushed %d chart versions in %.1f s%n",
          repositories * versions, (System.nanoTime() - pushStart) / 1e9);

      KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers(), "bench.", "bench");
      TopicProvisioner.ensureTopics(settings, 6, (short) 1);
      String token = "ptl_bench-" + System.nanoTime();
      int port = FreePorts.next();
      Map<String, Object> p = new HashMap<>();
      p.put("micronaut.server.port", port);
      p.put("micronaut.server.host", "127.0.0.1");
      p.put("datasources.default.url", postgres.jdbcUrl("indexer"));
      p.put("datasources.default.username", postgres.username());
      p.put("datasources.default.password", "");
      p.put("portolan.kafka.bootstrap-servers", kafka.bootstrapServers());
      p.put("portolan.kafka.topic-prefix", "bench.");
      p.put("portolan.indexer.keyset-file", dir.resolve("indexer-keyset.json").toString());
      p.put("portolan.indexer.resync-interval", "1h");
      p.put("portolan.allow-loopback-registries", "true");
      p.put("portolan.api.tokens", List.of("viewer=" + StaticTokenValidator.sha256(token)));
      p.put("logger.levels.io.portolan", "WARN");
      try (EventPublisher events =
              new EventPublisher(
                  settings, new EventCodec("bench.", "/bench/indexer"), new SimpleMeterRegistry());
          EventRecorder status = EventRecorder.start(settings, Topic.STATUS);
          AutoCloseable indexer =
              ServiceLoaderIsolation.start(
                  "chart-indexer",
                  ServiceLoaderIsolation.classPath(
                      EmbeddedPlatform.home().resolve("chart-indexer")),
                  "io.portolan.indexer.IndexerApplication",
                  p)) {
        List<Pass> indexerPasses = new ArrayList<>();
        List<Pass> peerPasses = new ArrayList<>();
        String[] names = {"cold", "nothing changed", "after 5 new pushes"};
        for (int pass = 0; pass < 3; pass++) {
          if (pass == 2) {
            for (int i = 0; i < 5; i++) {
              push(client, repos.get(i * (repositories / 5)), "2.0.0");
            }
          }
          int before = registry.requests().size();
          int reports = status.all(IndexStatus.class).size();
          long start = System.nanoTime();
          long revision = pass + 1;
          events.publishAndWait(announcement(registry, repos, revision), Duration.ofSeconds(10));
          long deadline = start + Duration.ofMinutes(10).toNanos();
          while (status.all(IndexStatus.class).size() <= reports) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("the indexer reported nothing in 10 minutes");
            }
            Thread.sleep(2);
          }
          List<IndexStatus> all = status.all(IndexStatus.class);
          IndexStatus s = all.get(all.size() - 1);
          double seconds = (System.nanoTime() - start) / 1e9;
          indexerPasses.add(
              pass(
                  "Portolan indexer, " + names[pass] + " (" + s.charts() + " charts)",
                  seconds,
                  registry,
                  before));

          before = registry.requests().size();
          start = System.nanoTime();
          int charts = pullEveryChart(client, repos);
          seconds = (System.nanoTime() - start) / 1e9;
          peerPasses.add(
              pass(
                  "pull every chart, " + names[pass] + " (" + charts + " charts)",
                  seconds,
                  registry,
                  before));
        }
        System.out.println();
        for (int i = 0; i < 3; i++) {
          System.out.println(indexerPasses.get(i).row());
          System.out.println(peerPasses.get(i).row());
          Pass a = indexerPasses.get(i);
          Pass b = peerPasses.get(i);
          System.out.printf(
              "  ratio pull-every-chart / Portolan: time %.1fx, requests %.1fx, bytes %.1fx%n",
              b.seconds() / a.seconds(),
              (double) b.requests() / a.requests(),
              (double) b.bytes() / Math.max(1, a.bytes()));
        }
        latency(client, events, repos, "http://127.0.0.1:" + port, token);
      }
    }
  }

  private void latency(
      RegistryClient client, EventPublisher events, List<String> repos, String api, String token)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Latencies latencies = new Latencies();
    for (int i = 0; i < latencySamples; i++) {
      String repo = repos.get(i % repos.size());
      String version = "3." + i + ".0";
      Digest digest = push(client, repo, version);
      long pushed = System.nanoTime();
      events.publishAndWait(
          new ChartPushed(
              "bench-" + i, "reg-bench", repo, version, version, digest.toString(), Instant.now()),
          Duration.ofSeconds(10));
      HttpRequest get =
          HttpRequest.newBuilder(URI.create(api + "/api/v1/charts/bench/" + repo + ":" + version))
              .header("Authorization", "Bearer " + token)
              .build();
      long deadline = pushed + Duration.ofSeconds(60).toNanos();
      while (http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(repo + ":" + version + " not visible after 60 s");
        }
        Thread.sleep(5);
      }
      latencies.add(System.nanoTime() - pushed);
    }
    System.out.printf(
        "%npush -> visible in the chart store API (chart.pushed event, %d samples): %s%n",
        latencySamples, latencies.summary());
  }

  private static Pass pass(String what, double seconds, RegistryServer registry, int before) {
    List<RegistryServer.Request> requests =
        registry.requests().subList(before, registry.requests().size());
    // a HEAD sends no body; the access log records the length it would have had
    long bytes =
        requests.stream()
            .filter(r -> !r.method().equals("HEAD"))
            .mapToLong(RegistryServer.Request::bytes)
            .sum();
    int manifests =
        (int)
            requests.stream()
                .filter(r -> r.method().equals("GET") && r.path().contains("/manifests/"))
                .count();
    int blobs =
        (int)
            requests.stream()
                .filter(r -> r.method().equals("GET") && r.path().contains("/blobs/"))
                .count();
    return new Pass(what, seconds, requests.size(), bytes, manifests, blobs);
  }

  /** How other chart stores index: every manifest and every archive, every time. */
  private static int pullEveryChart(RegistryClient client, List<String> repos) throws Exception {
    int charts = 0;
    for (String repo : repos) {
      for (String tag : client.listTags(repo)) {
        JsonNode manifest = EventJson.mapper().readTree(client.pullManifest(repo, tag).bytes());
        for (JsonNode layer : manifest.path("layers")) {
          if (MediaTypes.HELM_CHART.equals(layer.path("mediaType").asText())) {
            byte[] tgz =
                client.pullBlob(repo, Digest.parse(layer.path("digest").asText()), 10 << 20);
            if (BenchCharts.chartYaml(tgz) != null) {
              charts++;
            }
          }
        }
      }
    }
    return charts;
  }

  private static RegistryChanged announcement(
      RegistryServer registry, List<String> repos, long revision) {
    return new RegistryChanged(
        "reg-bench",
        revision,
        false,
        new RegistrySnapshot(
            "bench",
            Provider.OTHER,
            registry.host(),
            null,
            Visibility.PUBLIC,
            null,
            new RegistrySnapshot.Tls(RegistrySnapshot.TlsMode.INSECURE, null),
            null,
            new RegistrySnapshot.Usage(false, false, true, repos),
            false,
            null,
            null),
        null,
        Instant.now());
  }

  /** Pushes a chart version laid out as helm pushes it; a template makes it about 20 KiB. */
  private Digest push(RegistryClient client, String repo, String version) throws Exception {
    String name = repo.substring(repo.lastIndexOf('/') + 1);
    String chartYaml =
        "apiVersion: v2\nname: "
            + name
            + "\nversion: "
            + version
            + "\nappVersion: \""
            + version
            + "\"\ndescription: A benchmark chart\ntype: application\nkeywords: [bench]\n";
    byte[] filler;
    synchronized (random) {
      filler = new byte[15_000];
      random.nextBytes(filler);
    }
    String template =
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  blob: "
            + java.util.Base64.getEncoder().encodeToString(filler)
            + "\n";
    byte[] tgz =
        BenchCharts.tgz(
            Map.of(
                name + "/Chart.yaml", chartYaml,
                name + "/templates/configmap.yaml", template));
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    var config = EventJson.mapper().createObjectNode();
    config.put("apiVersion", "v2");
    config.put("name", name);
    config.put("version", version);
    config.put("appVersion", version);
    config.put("description", "A benchmark chart");
    config.put("type", "application");
    config.putArray("keywords").add("bench");
    EventJson.mapper().writeValue(json, config);
    byte[] configBytes = json.toByteArray();
    client.pushBlob(repo, Digest.sha256(configBytes), BlobSource.of(configBytes), null);
    client.pushBlob(repo, Digest.sha256(tgz), BlobSource.of(tgz), null);
    var manifest = EventJson.mapper().createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest
        .putObject("config")
        .put("mediaType", MediaTypes.HELM_CONFIG)
        .put("digest", Digest.sha256(configBytes).toString())
        .put("size", configBytes.length);
    manifest
        .putArray("layers")
        .addObject()
        .put("mediaType", MediaTypes.HELM_CHART)
        .put("digest", Digest.sha256(tgz).toString())
        .put("size", tgz.length);
    manifest
        .putObject("annotations")
        .put("org.opencontainers.image.created", Instant.now().toString());
    return client.pushManifest(
        repo,
        version.replace('+', '_'),
        MediaTypes.OCI_MANIFEST,
        EventJson.mapper().writeValueAsBytes(manifest));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
