package io.portolan.bench;

import io.portolan.embedded.EmbeddedKafka;
import io.portolan.embedded.EmbeddedPostgresServer;
import io.portolan.embedded.FreePorts;
import io.portolan.events.Topic;
import io.portolan.platform.EmbeddedPlatform;
import io.portolan.platform.ServiceLoaderIsolation;
import io.portolan.sealing.AtRestCipher;
import io.portolan.sealing.SealingKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The catalog under load, over HTTP: creates N registries (a mix of providers) from several client
 * threads, then reads them by id and lists them with filters and paging. Reports throughput and
 * latency percentiles for each, and for every create the time from sending the POST to its {@code
 * RegistryChanged} event arriving at a Kafka consumer (outbox commit, relay, broker, fetch).
 *
 * <p>Everything runs on this machine: the catalog in this JVM, an in-process KRaft broker, an
 * embedded PostgreSQL, and the client threads, so the figures include their competition for CPU.
 */
final class CatalogBenchmark {
  private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

  private final int registries;
  private final int threads;
  private final int gets;
  private final int lists;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private String base;
  private volatile boolean listening = true;
  private String token;

  CatalogBenchmark(List<String> options) {
    this.registries = Bench.option(options, "--registries", 10_000);
    this.threads = Bench.option(options, "--threads", 8);
    this.gets = Bench.option(options, "--gets", 20_000);
    this.lists = Bench.option(options, "--lists", 2_000);
  }

  void run() throws Exception {
    Path dir = Path.of("benchmarks/target/bench-catalog").toAbsolutePath();
    deleteTree(dir);
    Files.createDirectories(dir);
    System.out.printf(
        "Catalog benchmark: %d registries, %d client threads, %d gets, %d lists%n",
        registries, threads, gets, lists);
    try (EmbeddedKafka kafka =
            EmbeddedKafka.start(dir.resolve("kafka"), FreePorts.next(), Map.of());
        EmbeddedPostgresServer postgres =
            EmbeddedPostgresServer.start(dir.resolve("pg/data"), dir.resolve("pg/work"), 0)) {
      postgres.ensureDatabase("catalog");
      int port = FreePorts.next();
      token = "ptl_bench-" + System.nanoTime();
      Map<String, Object> p = new HashMap<>();
      p.put("micronaut.server.port", port);
      p.put("micronaut.server.host", "127.0.0.1");
      p.put("datasources.default.url", postgres.jdbcUrl("catalog"));
      p.put("datasources.default.username", postgres.username());
      p.put("datasources.default.password", "");
      p.put("portolan.kafka.bootstrap-servers", kafka.bootstrapServers());
      p.put("portolan.kafka.topic-prefix", Topic.DEFAULT_PREFIX);
      p.put("portolan.catalog.master-keyset", AtRestCipher.generateKeyset().reveal());
      p.put("portolan.catalog.minter-public-keyset", SealingKeys.generate().publicKeysetJson());
      p.put("portolan.catalog.bootstrap-admin-token", token);
      p.put("logger.levels.io.portolan", "WARN"); // figures on stdout, trouble only in the log
      // in a class loader of its own: the other services on this class path must not start with it
      try (AutoCloseable catalog =
          ServiceLoaderIsolation.start(
              "registry-catalog",
              ServiceLoaderIsolation.classPath(EmbeddedPlatform.home().resolve("registry-catalog")),
              "io.portolan.catalog.CatalogApplication",
              p)) {
        base = "http://127.0.0.1:" + port;
        run(kafka.bootstrapServers());
      }
    }
  }

  private void run(String bootstrap) throws Exception {
    String serviceAccountKey = serviceAccountKey();
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
    Thread listener = listen(bootstrap, arrivedAt);

    // warm up the JIT and the connection pool; these are not counted
    for (int i = 0; i < 200; i++) {
      send("GET", "/api/v1/registries?size=1", null);
    }

    Latencies creates = new Latencies();
    AtomicInteger failures = new AtomicInteger();
    long t0 = System.nanoTime();
    parallel(
        registries,
        i -> {
          String body = registry(i, serviceAccountKey);
          long start = System.nanoTime();
          HttpResponse<String> r = send("POST", "/api/v1/registries", body);
          creates.add(System.nanoTime() - start);
          Matcher m = ID.matcher(r.body());
          if (r.statusCode() != 201 || !m.find()) {
            failures.incrementAndGet();
            return;
          }
          sentAt.put(m.group(1), start);
        });
    double createSeconds = (System.nanoTime() - t0) / 1e9;

    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!arrivedAt.keySet().containsAll(sentAt.keySet()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    listening = false;
    Latencies toKafka = new Latencies();
    int missing = 0;
    for (Map.Entry<String, Long> e : sentAt.entrySet()) {
      Long arrived = arrivedAt.get(e.getKey());
      if (arrived == null) {
        missing++;
      } else {
        toKafka.add(arrived - e.getValue());
      }
    }

    List<String> ids = new ArrayList<>(sentAt.keySet());
    Latencies reads = new Latencies();
    t0 = System.nanoTime();
    parallel(
        gets,
        i -> {
          String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
          long start = System.nanoTime();
          HttpResponse<String> r = send("GET", "/api/v1/registries/" + id, null);
          reads.add(System.nanoTime() - start);
          if (r.statusCode() != 200) {
            failures.incrementAndGet();
          }
        });
    double getSeconds = (System.nanoTime() - t0) / 1e9;

    String[] queries = {
      "/api/v1/registries?size=50&page=%d",
      "/api/v1/registries?size=50&provider=ECR&page=%d",
      "/api/v1/registries?size=20&name=bench-00%d",
      "/api/v1/registries?size=50&chartRepository=true&page=%d",
    };
    Latencies listing = new Latencies();
    t0 = System.nanoTime();
    parallel(
        lists,
        i -> {
          String query = queries[i % queries.length];
          int page = ThreadLocalRandom.current().nextInt(Math.max(1, registries / 50 / 4));
          long start = System.nanoTime();
          HttpResponse<String> r = send("GET", String.format(query, page), null);
          listing.add(System.nanoTime() - start);
          if (r.statusCode() != 200) {
            failures.incrementAndGet();
          }
        });
    double listSeconds = (System.nanoTime() - t0) / 1e9;

    System.out.println();
    System.out.printf(
        "create  %6d requests  %8.1f req/s  %s%n",
        creates.count(), creates.count() / createSeconds, creates.summary());
    System.out.printf(
        "get     %6d requests  %8.1f req/s  %s%n",
        reads.count(), reads.count() / getSeconds, reads.summary());
    System.out.printf(
        "list    %6d requests  %8.1f req/s  %s%n",
        listing.count(), listing.count() / listSeconds, listing.summary());
    System.out.printf(
        "POST -> event on Kafka  %d events  %s%n", toKafka.count(), toKafka.summary());
    System.out.printf(
        "failed requests: %d; events not seen within 3 min: %d%n", failures.get(), missing);
  }

  private Thread listen(String bootstrap, Map<String, Long> arrivedAt) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrap);
    props.put("auto.offset.reset", "earliest");
    props.put("enable.auto.commit", "false");
    props.put("fetch.max.wait.ms", "50");
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    String topic = Topic.DEFAULT_PREFIX + Topic.REGISTRY_CHANGES.baseName();
    var partitions =
        consumer.partitionsFor(topic).stream()
            .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition()))
            .toList();
    consumer.assign(partitions);
    Thread thread =
        new Thread(
            () -> {
              try (consumer) {
                while (listening) {
                  for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    arrivedAt.putIfAbsent(r.key(), System.nanoTime());
                  }
                }
              }
            },
            "bench-listener");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private void parallel(int count, IntConsumerWithIo task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(
          pool.submit(
              () -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                  task.accept(i);
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  @FunctionalInterface
  private interface IntConsumerWithIo {
    void accept(int i) throws IOException, InterruptedException;
  }

  private HttpResponse<String> send(String method, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** 70% OTHER with a password, 10% ECR, 10% GAR, 10% public Quay chart repositories. */
  private static String registry(int i, String serviceAccountKey) {
    String name = String.format("bench-%05d", i);
    IntFunction<String> pick = n -> n < 7 ? "OTHER" : n == 7 ? "ECR" : n == 8 ? "GAR" : "QUAY";
    return switch (pick.apply(i % 10)) {
      case "ECR" ->
          """
          {"name":"%s","provider":"ECR","url":"%012d.dkr.ecr.eu-west-1.amazonaws.com",
           "credentials":{"authMode":"ACCESS_KEYS","accessKeyId":"AKIABENCH%07d",
                          "secretAccessKey":"bench-secret-%d","region":"eu-west-1"}}
          """
              .formatted(name, 100_000_000_000L + i, i, i);
      case "GAR" ->
          """
          {"name":"%s","provider":"GAR","url":"europe-west1-docker.pkg.dev/p%d/r",
           "credentials":{"serviceAccountKey":%s}}
          """
              .formatted(name, i, quote(serviceAccountKey));
      case "QUAY" ->
          """
          {"name":"%s","provider":"QUAY","url":"quay.io/org%d","visibility":"PUBLIC",
           "usage":{"pushImages":false,"chartRepository":true,"chartRepositories":["org%d/charts"]}}
          """
              .formatted(name, i, i);
      default ->
          """
          {"name":"%s","provider":"OTHER","url":"registry%d.example.com/team",
           "credentials":{"username":"robot","password":"bench-password-%d"},
           "access":{"mode":"SAME_AS_REGISTRY","allClusters":false,"clusters":["prod-%d"]}}
          """
              .formatted(name, i, i, i % 20);
    };
  }

  private static String serviceAccountKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    return "{\"type\":\"service_account\",\"project_id\":\"bench\",\"private_key_id\":\"1\","
        + "\"private_key\":"
        + quote(pem)
        + ",\"client_email\":\"bench@bench.iam.gserviceaccount.com\","
        + "\"token_uri\":\"https://oauth2.googleapis.com/token\"}";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
