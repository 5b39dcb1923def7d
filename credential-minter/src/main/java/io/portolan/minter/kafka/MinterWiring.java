package io.portolan.minter.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.portolan.events.ConsumerDecision;
import io.portolan.events.CredentialEvent;
import io.portolan.events.CredentialMinted;
import io.portolan.events.EventCodec;
import io.portolan.events.RegistryChanged;
import io.portolan.events.Topic;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.events.kafka.KafkaSettings;
import io.portolan.minter.config.MinterConfig;
import io.portolan.minter.mint.MintScheduler;
import io.portolan.minter.mint.MinterCore;
import io.portolan.minter.mint.RateLimiter;
import io.portolan.minter.mint.RefreshPolicy;
import io.portolan.providers.Providers;
import io.portolan.sealing.SealingKeys;
import io.portolan.service.kafka.Consumers;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the core from Kafka and runs the scheduler. State comes first: {@code consumers.approved}
 * and the minter's own {@code credentials} (issued credentials and mint records) are read up to
 * date, then {@code registry.changes}; only then does this instance join the group that splits the
 * identities and start minting, so that no decision is made on a half-loaded view (which would mint
 * again what is still fresh).
 */
@Factory
public class MinterWiring {
  private static final Logger LOG = LoggerFactory.getLogger(MinterWiring.class);

  @Singleton
  MinterCore minterCore(
      SealingKeys keys, EventPublisher publisher, Providers providers, MinterConfig config) {
    return new MinterCore(
        keys,
        providers::minterFor,
        Providers::identity,
        new KafkaCredentialPublisher(publisher),
        Clock.systemUTC(),
        new RefreshPolicy(config.refreshInterval(), config.retryBase(), config.retryMax()),
        new SecureRandom());
  }

  @Singleton
  @Bean(preDestroy = "close")
  MintScheduler mintScheduler(MinterCore core, MinterConfig config) {
    AtomicInteger n = new AtomicInteger();
    return new MintScheduler(
        core,
        new RateLimiter(config.ecrRequestsPerSecond()),
        Executors.newFixedThreadPool(
            config.workers(),
            r -> {
              Thread t = new Thread(r, "mint-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            }),
        config.tick(),
        60);
  }

  /** Reads the topics, joins the group and starts minting once the context is up. */
  @Context
  @Singleton
  static class Starter {
    private final Consumers consumers;
    private final MinterCore core;
    private final MintScheduler scheduler;
    private final KafkaSettings settings;
    private final EventCodec codec;
    private final MinterConfig config;
    private final MeterRegistry meters;

    Starter(
        Consumers consumers,
        MinterCore core,
        MintScheduler scheduler,
        KafkaSettings settings,
        EventCodec codec,
        MinterConfig config,
        MeterRegistry meters) {
      this.consumers = consumers;
      this.core = core;
      this.scheduler = scheduler;
      this.settings = settings;
      this.codec = codec;
      this.config = config;
      this.meters = meters;
    }

    @PostConstruct
    void start() throws InterruptedException {
      consumers.table(
          "minter-decisions",
          e -> {
            if (e.event() instanceof ConsumerDecision d) {
              core.onDecision(d);
            }
          },
          Topic.CONSUMERS_APPROVED);
      consumers.table(
          "minter-credentials",
          e -> {
            if (e.event() instanceof CredentialEvent || e.event() instanceof CredentialMinted) {
              core.onCredentialRecord(e.event());
            }
          },
          Topic.CREDENTIALS);
      if (!consumers.awaitCaughtUp(Duration.ofSeconds(60))) {
        LOG.warn("Consumer decisions and credentials are not loaded after 60 s; going on anyway");
      }
      consumers.table(
          "minter-registries",
          e -> {
            if (e.event() instanceof RegistryChanged r) {
              core.onRegistry(r);
            }
          },
          Topic.REGISTRY_CHANGES);
      if (!consumers.awaitCaughtUp(Duration.ofSeconds(60))) {
        LOG.warn("Registries are not loaded after 60 s; going on anyway");
      }
      core.setOwnership(key -> false);
      core.goLive();
      int partitions = partitions(codec.topicName(Topic.REGISTRY_CHANGES));
      IdentityOwnership ownership = new IdentityOwnership(partitions, core::setOwnership);
      meters.gauge(
          "portolan.minter.owned.partitions", ownership, IdentityOwnership::ownedPartitions);
      consumers.group(
          config.group(),
          e -> {}, // membership only: the records are read above, by every instance
          ownership,
          Topic.REGISTRY_CHANGES);
      scheduler.start();
      registerMeters();
    }

    private int partitions(String topic) {
      try (Admin admin = Admin.create(settings.clientProperties("minter-admin"))) {
        return admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(30, TimeUnit.SECONDS)
            .get(topic)
            .partitions()
            .size();
      } catch (Exception e) {
        throw new IllegalStateException(
            "Could not read how many partitions " + topic + " has: " + e.getMessage(), e);
      }
    }

    private void registerMeters() {
      for (String name : List.of("registries", "identities", "identitiesMinted", "issued")) {
        meters.gauge("portolan.minter." + name, core, c -> c.sizes().get(name));
      }
      meters
          .more()
          .counter(
              "portolan.minter.upstream.calls", List.of(), scheduler, MintScheduler::upstreamCalls);
      meters
          .more()
          .counter(
              "portolan.minter.upstream.failures",
              List.of(),
              scheduler,
              MintScheduler::upstreamFailures);
    }
  }
}
