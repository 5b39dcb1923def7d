package io.portolan.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portolan.embedded.EmbeddedKafka;
import io.portolan.embedded.FreePorts;
import io.portolan.events.Capability;
import io.portolan.events.ConsumerApproved;
import io.portolan.events.ConsumerKind;
import io.portolan.events.CredentialIssued;
import io.portolan.events.CredentialMinted;
import io.portolan.events.CredentialRevoked;
import io.portolan.events.EventCodec;
import io.portolan.events.MintStatus;
import io.portolan.events.Provider;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.Visibility;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.events.kafka.KafkaSettings;
import io.portolan.events.kafka.TopicProvisioner;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.minter.kafka.KafkaCredentialPublisher;
import io.portolan.minter.mint.CredentialPublisher;
import io.portolan.minter.mint.MintScheduler;
import io.portolan.minter.mint.MinterCore;
import io.portolan.minter.mint.RateLimiter;
import io.portolan.minter.mint.RefreshPolicy;
import io.portolan.providers.MintedCredential;
import io.portolan.providers.Providers;
import io.portolan.providers.TokenMinter;
import io.portolan.sealing.SealingKeys;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The minter's work at scale: N registries over M identities (registries of one AWS account, region
 * and access key share an identity) and C consumers (clusters, one indexer, one pusher), on a clock
 * the benchmark moves. For the first mint and for a refresh round it reports the upstream calls
 * (which must equal the identities), the sealed credentials published to Kafka, how long minting,
 * sealing and publishing them all took, and the heap the state holds. The upstream is a stand-in
 * that answers at once, so the figures are the minter's own cost.
 */
final class MinterBenchmark {
  private final int registries;
  private final int identities;
  private final int consumers;

  MinterBenchmark(List<String> options) {
    this.registries = Bench.option(options, "--registries", 10_000);
    this.identities = Bench.option(options, "--identities", 500);
    this.consumers = Bench.option(options, "--consumers", 20);
  }

  /** A clock the benchmark moves to the next refresh round. */
  private static final class MovableClock extends Clock {
    volatile Instant now = Instant.parse("2026-11-20T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** Counts what goes to Kafka and waits for the broker's acknowledgements. */
  private static final class CountingPublisher implements CredentialPublisher {
    final KafkaCredentialPublisher kafka;
    final AtomicLong issued = new AtomicLong();
    final AtomicLong other = new AtomicLong();
    final List<CompletableFuture<?>> pending = new ArrayList<>();

    CountingPublisher(KafkaCredentialPublisher kafka) {
      this.kafka = kafka;
    }

    private synchronized CompletableFuture<?> track(CompletableFuture<?> f) {
      pending.add(f);
      return f;
    }

    @Override
    public CompletableFuture<?> issued(CredentialIssued credential) {
      issued.incrementAndGet();
      return track(kafka.issued(credential));
    }

    @Override
    public CompletableFuture<?> revoked(CredentialRevoked revocation) {
      other.incrementAndGet();
      return track(kafka.revoked(revocation));
    }

    @Override
    public CompletableFuture<?> minted(CredentialMinted record) {
      other.incrementAndGet();
      return track(kafka.minted(record));
    }

    @Override
    public CompletableFuture<?> forgetMint(String identityKey) {
      return track(kafka.forgetMint(identityKey));
    }

    @Override
    public void status(MintStatus status) {
      other.incrementAndGet();
      kafka.status(status);
    }

    @Override
    public void flush() {
      kafka.flush();
    }

    /** Waits for every send so far; returns how many failed. */
    int awaitAll() {
      List<CompletableFuture<?>> all;
      synchronized (this) {
        all = List.copyOf(pending);
        pending.clear();
      }
      int failed = 0;
      for (CompletableFuture<?> f : all) {
        try {
          f.join();
        } catch (RuntimeException e) {
          failed++;
        }
      }
      return failed;
    }
  }

  void run() throws Exception {
    Path dir = Path.of("benchmarks/target/bench-minter").toAbsolutePath();
    Files.createDirectories(dir);
    System.out.printf(
        "Minter benchmark: %d registries over %d identities, %d consumers%n",
        registries, identities, consumers);
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(
            dir.resolve("kafka-" + System.nanoTime()), FreePorts.next(), Map.of())) {
      KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers(), "bench.", "bench");
      TopicProvisioner.ensureTopics(settings, 6, (short) 1);
      try (EventPublisher events =
          new EventPublisher(
              settings, new EventCodec("bench.", "/bench/minter"), new SimpleMeterRegistry())) {
        run(new CountingPublisher(new KafkaCredentialPublisher(events)));
      }
    }
  }

  private void run(CountingPublisher out) throws Exception {
    MovableClock clock = new MovableClock();
    SealingKeys minterKeys = SealingKeys.generate();
    AtomicLong upstream = new AtomicLong();
    TokenMinter fake =
        (registry, root) -> {
          upstream.incrementAndGet();
          Instant now = clock.instant();
          return new MintedCredential(
              "AWS", "token-" + upstream.get(), now, now.plus(Duration.ofHours(12)));
        };
    MinterCore core =
        new MinterCore(
            minterKeys,
            s -> fake,
            Providers::identity,
            out,
            clock,
            RefreshPolicy.defaults(),
            new Random(1));
    MintScheduler scheduler =
        new MintScheduler(
            core,
            new RateLimiter(1_000_000),
            Executors.newSingleThreadExecutor(),
            Duration.ofSeconds(1),
            60);

    long t0 = System.nanoTime();
    for (int c = 0; c < consumers; c++) {
      SealingKeys keys = SealingKeys.generate();
      ConsumerKind kind =
          c == consumers - 1
              ? ConsumerKind.PUSHER
              : c == consumers - 2 ? ConsumerKind.INDEXER : ConsumerKind.CLUSTER;
      core.onDecision(
          new ConsumerApproved(
              kind.consumerId("c" + c),
              kind,
              keys.publicKeysetJson(),
              keys.fingerprint(),
              Set.of(Capability.PULL, Capability.PUSH),
              "bench",
              clock.instant()));
    }
    for (int i = 0; i < registries; i++) {
      int identity = i % identities;
      String account = String.format("%012d", 100_000_000_000L + identity / 10);
      RegistrySnapshot s =
          new RegistrySnapshot(
              "r" + i,
              Provider.ECR,
              account + ".dkr.ecr.eu-west-1.amazonaws.com/team" + i,
              null,
              Visibility.PRIVATE,
              new RegistrySnapshot.ProviderSettings(
                  null, "ACCESS_KEYS", "eu-west-1", account, null, null, null, null),
              null,
              null,
              new RegistrySnapshot.Usage(true, i % 2 == 0, i % 4 == 0, List.of()),
              false,
              null,
              null);
      RootCredentials root =
          new RootCredentials(
              1, null, null, "AKIABENCH" + identity, "secret-" + identity, null, null, null, null);
      core.onRegistry(
          new RegistryChanged(
              "r" + i,
              1,
              false,
              s,
              minterKeys.sealer().sealJson(root, MinterCore.rootContext("r" + i)),
              clock.instant()));
    }
    core.goLive();
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "loaded state (opening %d sealed root credentials): %.1f s%n", registries, loadSeconds);

    round("first mint", scheduler, out, upstream);
    clock.now = clock.now.plus(Duration.ofHours(7)); // past every refresh time (6 h +- 10%)
    round("refresh round", scheduler, out, upstream);
    clock.now = clock.now.plus(Duration.ofMinutes(30)); // nothing due
    round("idle round", scheduler, out, upstream);

    System.gc();
    Thread.sleep(200);
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf(
        "heap in use after GC, with the minter's state for %d registries and the benchmark: %d MiB%n",
        registries, heap / 1024 / 1024);
    System.out.println("state: " + core.sizes());
    scheduler.close();
  }

  private void round(
      String name, MintScheduler scheduler, CountingPublisher out, AtomicLong upstream) {
    long calls = upstream.get();
    long issued = out.issued.get();
    long t = System.nanoTime();
    scheduler.runDue();
    out.flush();
    int failed = out.awaitAll();
    double seconds = (System.nanoTime() - t) / 1e9;
    long sealed = out.issued.get() - issued;
    System.out.printf(
        "%-13s upstream mints %5d (identities %d)  sealed credentials published %7d in %6.1f s (%8.0f/s)%s%n",
        name,
        upstream.get() - calls,
        identities,
        sealed,
        seconds,
        sealed / Math.max(seconds, 1e-9),
        failed == 0 ? "" : "  FAILED SENDS: " + failed);
  }
}
