package io.portolan.minter.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.portolan.events.ConsumerDecision;
import io.portolan.events.CredentialEvent;
import io.portolan.events.RegistryChanged;
import io.portolan.events.Topic;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.minter.mint.MinterCore;
import io.portolan.providers.Providers;
import io.portolan.sealing.SealingKeys;
import io.portolan.service.kafka.Consumers;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the core from Kafka. State comes first: {@code consumers.approved} and the minter's own
 * {@code credentials} are read up to date before registries are, so that no decision is made on a
 * half-loaded view (which would re-mint what is still fresh).
 */
@Factory
public class MinterWiring {
  private static final Logger LOG = LoggerFactory.getLogger(MinterWiring.class);

  @Singleton
  MinterCore minterCore(SealingKeys keys, EventPublisher publisher, Providers providers) {
    return new MinterCore(
        keys.opener(),
        providers::minterFor,
        new KafkaCredentialPublisher(publisher),
        Clock.systemUTC());
  }

  /** Starts the consumers once the application context is up. */
  @Context
  @Singleton
  static class Starter {
    private final Consumers consumers;
    private final MinterCore core;

    Starter(Consumers consumers, MinterCore core) {
      this.consumers = consumers;
      this.core = core;
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
            if (e.event() instanceof CredentialEvent c) {
              core.onCredentialRecord(c);
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
    }
  }
}
