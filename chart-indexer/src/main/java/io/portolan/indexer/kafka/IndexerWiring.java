package io.portolan.indexer.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.portolan.events.Capability;
import io.portolan.events.ChartPushed;
import io.portolan.events.ConsumerKind;
import io.portolan.events.RegistryChanged;
import io.portolan.events.Topic;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.indexer.config.IndexerConfig;
import io.portolan.indexer.index.ChartIndex;
import io.portolan.indexer.index.IndexingLoop;
import io.portolan.indexer.index.IndexingService;
import io.portolan.indexer.index.RepositoryIndexer;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.Secret;
import io.portolan.service.credentials.CredentialStore;
import io.portolan.service.identity.ConsumerIdentity;
import io.portolan.service.identity.FileKeysetStore;
import io.portolan.service.kafka.Consumers;
import io.portolan.service.registries.RegistryDirectory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;

/** The indexer's beans and start-up. */
@Factory
public class IndexerWiring {

  @Singleton
  ConsumerIdentity identity(IndexerConfig config) throws IOException, SealingException {
    return new ConsumerIdentity(
        ConsumerKind.INDEXER,
        config.name(),
        Set.of(Capability.PULL),
        new FileKeysetStore(Path.of(config.keysetFile())),
        Clock.systemUTC());
  }

  @Singleton
  CredentialStore credentialStore(ConsumerIdentity identity) {
    return new CredentialStore(identity.consumerId(), identity.opener());
  }

  @Singleton
  RegistryDirectory registryDirectory() {
    return new RegistryDirectory();
  }

  @Singleton
  IndexingService indexingService(
      RegistryDirectory registries,
      CredentialStore credentials,
      ChartIndex index,
      EventPublisher publisher) {
    Clock clock = Clock.systemUTC();
    return new IndexingService(
        registries, credentials, new RepositoryIndexer(index, clock), publisher, clock);
  }

  /** Starts the indexing loop and the consumers that feed it. */
  @Context
  @Singleton
  static class Starter {
    private final IndexerConfig config;
    private final ConsumerIdentity identity;
    private final CredentialStore credentials;
    private final RegistryDirectory registries;
    private final IndexingService service;
    private final Consumers consumers;
    private final EventPublisher publisher;
    private IndexingLoop loop;

    Starter(
        IndexerConfig config,
        ConsumerIdentity identity,
        CredentialStore credentials,
        RegistryDirectory registries,
        IndexingService service,
        Consumers consumers,
        EventPublisher publisher) {
      this.config = config;
      this.identity = identity;
      this.credentials = credentials;
      this.registries = registries;
      this.service = service;
      this.consumers = consumers;
      this.publisher = publisher;
    }

    @PostConstruct
    void start() {
      loop =
          new IndexingLoop(
                  service,
                  () ->
                      registries.live().stream()
                          .filter(r -> r.registry().usage().chartRepository())
                          .map(RegistryChanged::registryId)
                          .collect(Collectors.toSet()),
                  config.resyncInterval())
              .start();
      registries.onChange(
          change -> {
            if (!change.deleted() && change.registry().usage().chartRepository()) {
              loop.registry(change.registryId());
            }
          });
      credentials.onChange((registryId, held) -> held.ifPresent(h -> loop.registry(registryId)));
      consumers.table("indexer-decisions", identity::onDecision, Topic.CONSUMERS_APPROVED);
      consumers.table("indexer-registries", registries::apply, Topic.REGISTRY_CHANGES);
      consumers.table("indexer-credentials", credentials::apply, Topic.CREDENTIALS);
      consumers.group(
          "chart-indexer-" + config.name() + "-pushes",
          envelope -> {
            if (envelope.event() instanceof ChartPushed pushed) {
              loop.repository(pushed.registryId(), pushed.repository());
            }
          },
          null,
          Topic.CHART_CHANGES);
      identity.announce(publisher, Secret.ofNullable(config.joinToken()), config.joinTokenId());
    }

    @PreDestroy
    void stop() {
      if (loop != null) {
        loop.close();
      }
    }
  }
}
