package io.portolan.bench;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.util.ClientBuilder;
import io.portolan.events.CredentialIssued;
import io.portolan.events.Envelope;
import io.portolan.events.InjectionStatus;
import io.portolan.events.Provider;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.Topic;
import io.portolan.events.sealed.PullCredential;
import io.portolan.injector.cluster.KubernetesCluster;
import io.portolan.injector.injection.InjectionLoop;
import io.portolan.injector.injection.NamespaceSelector;
import io.portolan.injector.pullsecret.ReconcileResult;
import io.portolan.injector.pullsecret.ServiceAccountWiring;
import io.portolan.sealing.SealingKeys;
import io.portolan.service.credentials.CredentialStore;
import io.portolan.service.registries.RegistryDirectory;
import io.portolan.testkit.KubernetesStandIn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

/**
 * Propagation through injectors: C clusters (each a Kubernetes API stand-in with N namespaces and
 * their default ServiceAccounts, and a real injection loop with its own key pair, credential store
 * and API pool), all in this process. A round hands each injector a new credential generation,
 * sealed to it, through the call its Kafka consumer makes ({@link CredentialStore#apply}), and ends
 * when every injector has reported (as {@link InjectionStatus}, what the catalog sees) every
 * namespace current at that generation. The first round is the initial fan-out (a Secret and a
 * ServiceAccount patch per namespace); later rounds are rotations (a Secret replace per namespace).
 * Then it runs resync passes with nothing changed and counts the API servers' write requests.
 */
final class InjectorBenchmark {
  private final List<Integer> namespaceCounts;
  private final List<Integer> clusterCounts;
  private final int rounds;
  private final int steadyPasses;
  private final int concurrency;

  InjectorBenchmark(List<String> options) {
    this.namespaceCounts = list(options, "--namespaces", "10,100,1000");
    this.clusterCounts = list(options, "--clusters", "1,5,20");
    this.rounds = Bench.option(options, "--rounds", 3);
    this.steadyPasses = Bench.option(options, "--steady-passes", 5);
    this.concurrency = Bench.option(options, "--api-concurrency", 8);
  }

  private static List<Integer> list(List<String> options, String name, String fallback) {
    int i = options.indexOf(name);
    String value = i >= 0 && i + 1 < options.size() ? options.get(i + 1) : fallback;
    return Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt).toList();
  }

  /** One cluster: its API stand-in and its injector's parts. */
  private static final class Cluster implements AutoCloseable {
    final String id;
    final KubernetesStandIn k8s = KubernetesStandIn.start();
    final SealingKeys keys = SealingKeys.generate();
    final CredentialStore credentials;
    final RegistryDirectory registries = new RegistryDirectory();
    final ExecutorService pool;
    final InjectionLoop loop;
    volatile long awaitedGeneration;
    volatile int namespaces;
    volatile CountDownLatch done = new CountDownLatch(1);
    volatile long doneAt;
    long offset;

    Cluster(String id, int concurrency) throws Exception {
      this.id = id;
      this.credentials = new CredentialStore("cluster:" + id, keys.opener());
      this.pool = Executors.newFixedThreadPool(concurrency);
      ApiClient client = ClientBuilder.standard(false).setBasePath(k8s.baseUrl()).build();
      this.loop =
          new InjectionLoop(
              new InjectionLoop.Settings(
                  id,
                  "portolan-{registry}",
                  ServiceAccountWiring.DEFAULT,
                  Duration.ofHours(1),
                  Duration.ofHours(1)),
              new KubernetesCluster(client, id, 5, Duration.ofMillis(200)),
              pool,
              credentials,
              registries,
              NamespaceSelector.excluding(NamespaceSelector.DEFAULT_EXCLUDED),
              this::status,
              () -> true,
              Clock.systemUTC());
      credentials.onChange((registry, held) -> loop.requestReconcile());
      registries.apply(
          new RegistryChanged(
              "reg-1",
              1,
              false,
              new RegistrySnapshot(
                  "team",
                  Provider.OTHER,
                  "registry.example.com",
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  false,
                  null,
                  null),
              null,
              Instant.now()));
    }

    private void status(InjectionStatus s) {
      if (s.generation() == awaitedGeneration && s.current().size() == namespaces) {
        doneAt = System.nanoTime();
        done.countDown();
      }
    }

    void populate(int count, ExecutorService setup) throws Exception {
      namespaces = count;
      ApiClient client = ClientBuilder.standard(false).setBasePath(k8s.baseUrl()).build();
      CoreV1Api api = new CoreV1Api(client);
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String ns = "team-" + i;
        futures.add(
            setup.submit(
                () -> {
                  api.createNamespace(
                          new V1Namespace()
                              .apiVersion("v1")
                              .kind("Namespace")
                              .metadata(new V1ObjectMeta().name(ns)))
                      .execute();
                  api.createNamespacedServiceAccount(
                          ns,
                          new V1ServiceAccount()
                              .apiVersion("v1")
                              .kind("ServiceAccount")
                              .metadata(new V1ObjectMeta().name("default").namespace(ns)))
                      .execute();
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }

    /** The credential event for this cluster, sealed before the clock starts. */
    Envelope<CredentialIssued> credential(long generation) {
      Instant now = Instant.now();
      String consumer = "cluster:" + id;
      PullCredential c =
          new PullCredential(
              "reg-1",
              "registry.example.com",
              "robot",
              "pw-" + generation,
              now,
              now.plusSeconds(43200));
      CredentialIssued issued =
          new CredentialIssued(
              consumer,
              "reg-1",
              generation,
              1,
              now,
              now.plusSeconds(43200),
              keys.sealer().sealJson(c, CredentialStore.sealingContext(consumer, "reg-1")));
      return new Envelope<>(
          Topic.CREDENTIALS,
          consumer + "/reg-1",
          "e" + offset,
          "bench",
          "t",
          now,
          issued,
          0,
          offset++);
    }

    @Override
    public void close() {
      loop.close();
      pool.shutdownNow();
      k8s.close();
    }
  }

  void run() throws Exception {
    java.util.logging.Logger.getLogger("").setLevel(Level.WARNING); // the stand-in logs each call
    for (var h : java.util.logging.Logger.getLogger("").getHandlers()) {
      h.setLevel(Level.WARNING);
    }
    System.out.printf(
        "Injector propagation: credential handed to each injector -> every namespace current in"
            + " every cluster (reported by the injectors' status); API concurrency %d per"
            + " injector; %d rotation rounds after the initial fan-out%n",
        concurrency, rounds);
    System.out.printf(
        "%-10s %-8s %-22s %-34s %-26s %s%n",
        "namespaces",
        "clusters",
        "fan-out (ms, writes)",
        "rotation p50 / max (ms)",
        "steady: writes / passes",
        "no-op pass (ms)");
    for (int n : namespaceCounts) {
      for (int c : clusterCounts) {
        runOne(n, c);
      }
    }
  }

  private void runOne(int n, int c) throws Exception {
    List<Cluster> clusters = new ArrayList<>();
    ExecutorService setup = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < c; i++) {
        Cluster cluster = new Cluster("c" + i, concurrency);
        clusters.add(cluster);
        cluster.populate(n, setup);
        cluster.loop.start();
      }
      long fanOut = round(clusters, 1);
      long fanOutWrites = clusters.stream().mapToLong(x -> x.loop.writes()).sum();
      List<Long> rotations = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        rotations.add(round(clusters, r + 2));
      }
      // steady state: passes with nothing changed, writes counted by the API servers
      clusters.forEach(x -> x.k8s.resetCounts());
      long passStart = System.nanoTime();
      int passes = 0;
      for (int p = 0; p < steadyPasses; p++) {
        for (Cluster x : clusters) {
          ReconcileResult result = x.loop.reconcileOnce();
          if (result.clusterError() != null) {
            throw new IllegalStateException(result.clusterError());
          }
          passes++;
        }
      }
      double passMillis = (System.nanoTime() - passStart) / 1e6 / passes;
      int steadyWrites = clusters.stream().mapToInt(x -> x.k8s.writeCount()).sum();
      List<Long> sorted = rotations.stream().sorted().toList();
      System.out.printf(
          "%-10d %-8d %-22s %-34s %-26s %.1f%n",
          n,
          c,
          String.format("%d ms, %d", fanOut / 1_000_000, fanOutWrites),
          String.format(
              "%d / %d",
              sorted.get(sorted.size() / 2) / 1_000_000, sorted.get(sorted.size() - 1) / 1_000_000),
          steadyWrites + " / " + passes,
          passMillis);
    } finally {
      clusters.forEach(Cluster::close);
      setup.shutdownNow();
    }
  }

  /**
   * Hands generation {@code g} to every injector; nanoseconds until the last reports it current.
   */
  private static long round(List<Cluster> clusters, long g) throws Exception {
    List<Envelope<CredentialIssued>> events = new ArrayList<>();
    for (Cluster x : clusters) {
      x.awaitedGeneration = g;
      x.done = new CountDownLatch(1);
      events.add(x.credential(g));
    }
    long start = System.nanoTime();
    for (int i = 0; i < clusters.size(); i++) {
      clusters.get(i).credentials.apply(events.get(i));
    }
    for (Cluster x : clusters) {
      if (!x.done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException(
            "cluster " + x.id + " did not report generation " + g + ": " + x.loop.lastResult());
      }
    }
    return clusters.stream().mapToLong(x -> x.doneAt).max().orElseThrow() - start;
  }
}
