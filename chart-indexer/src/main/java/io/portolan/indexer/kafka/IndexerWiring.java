package io.portolan.indexer.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.portolan.events.Capability;
import io.portolan.events.ChartPushed;
import io.portolan.events.ConsumerKind;
import io.portolan.events.ImagePushed;
import io.portolan.events.RegistryChanged;
import io.portolan.events.Topic;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.indexer.config.IndexerConfig;
import io.portolan.indexer.http.ChartChangeFeed;
import io.portolan.indexer.images.ImageMetadataService;
import io.portolan.indexer.index.ChartIndex;
import io.portolan.indexer.index.IndexingLoop;
import io.portolan.indexer.index.IndexingService;
import io.portolan.indexer.index.RegistryAccess;
import io.portolan.indexer.index.RepositoryIndexer;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.Secret;
import io.portolan.service.identity.CredentialConsumer;
import io.portolan.service.identity.FileKeysetStore;
import io.portolan.service.kafka.Consumers;
import io.portolan.service.registries.RegistryClients;
import io.portolan.service.registries.RegistryDirectory;
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
  CredentialConsumer credentialConsumer(IndexerConfig config) throws IOException, SealingException {
    return new CredentialConsumer(
        ConsumerKind.INDEXER,
        config.name(),
        Set.of(Capability.PULL),
        new FileKeysetStore(Path.of(config.keysetFile())));
  }

  /** The registries as this indexer sees them (the chart store API names them). */
  @Singleton
  RegistryDirectory registryDirectory(CredentialConsumer consumer) {
    return consumer.registries();
  }

  @Singleton
  RegistryAccess registryAccess(CredentialConsumer consumer, RegistryClients clients) {
    return new RegistryAccess(clients, consumer.credentials());
  }

  @Singleton
  IndexingService indexingService(
      CredentialConsumer consumer,
      RegistryAccess access,
      ChartIndex index,
      EventPublisher publisher) {
    Clock clock = Clock.systemUTC();
    return new IndexingService(
        consumer.registries(), access, new RepositoryIndexer(index, clock), publisher, clock);
  }

  /** Starts the indexing loop and the consumers that feed it. */
  @Context
  @Singleton
  static class Starter {
    private final IndexingLoop loop;

    Starter(
        IndexerConfig config,
        CredentialConsumer consumer,
        IndexingService service,
        Consumers consumers,
        EventPublisher publisher,
        ImageMetadataService images,
        ChartChangeFeed feed) {
      RegistryDirectory registries = consumer.registries();
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
      consumer
          .credentials()
          .onChange((registryId, held) -> held.ifPresent(h -> loop.registry(registryId)));
      consumer.start(
          consumers, publisher, Secret.ofNullable(config.joinToken()), config.joinTokenId());
      consumers.group(
          "chart-indexer-" + config.name() + "-pushes",
          envelope -> {
            if (envelope.event() instanceof ChartPushed pushed) {
              loop.repository(pushed.registryId(), pushed.repository());
            }
          },
          null,
          Topic.CHART_CHANGES);
      consumers.tail("chart-indexer-" + config.name() + "-feed", feed::accept, Topic.CHART_CHANGES);
      consumers.group(
          "chart-indexer-" + config.name() + "-builds",
          envelope -> {
            if (envelope.event() instanceof ImagePushed pushed) {
              images.pushed(pushed);
            }
          },
          null,
          Topic.BUILD_EVENTS);
    }

    @PreDestroy
    void stop() {
      loop.close();
    }
  }
}
