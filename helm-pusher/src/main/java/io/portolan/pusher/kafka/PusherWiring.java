package io.portolan.pusher.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.portolan.events.Capability;
import io.portolan.events.ConsumerKind;
import io.portolan.events.Topic;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.pusher.chart.ChartLimits;
import io.portolan.pusher.config.PusherConfig;
import io.portolan.pusher.push.PushService;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.Secret;
import io.portolan.service.credentials.CredentialStore;
import io.portolan.service.identity.ConsumerIdentity;
import io.portolan.service.identity.FileKeysetStore;
import io.portolan.service.kafka.Consumers;
import io.portolan.service.registries.RegistryDirectory;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/** The pusher's beans and start-up. */
@Factory
public class PusherWiring {

  @Singleton
  ConsumerIdentity identity(PusherConfig config) throws IOException, SealingException {
    return new ConsumerIdentity(
        ConsumerKind.PUSHER,
        config.name(),
        Set.of(Capability.PULL, Capability.PUSH),
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
  PushService pushService(
      RegistryDirectory registries,
      CredentialStore credentials,
      EventPublisher publisher,
      PusherConfig config) {
    return new PushService(
        registries,
        credentials,
        publisher,
        new ChartLimits(
            config.maxCompressedBytes(), config.maxUncompressedBytes(), config.maxEntries()),
        Clock.systemUTC());
  }

  /** Reads the pusher's topics and announces it once the context is up. */
  @Context
  @Singleton
  static class Starter {
    private final PusherConfig config;
    private final ConsumerIdentity identity;
    private final CredentialStore credentials;
    private final RegistryDirectory registries;
    private final Consumers consumers;
    private final EventPublisher publisher;

    Starter(
        PusherConfig config,
        ConsumerIdentity identity,
        CredentialStore credentials,
        RegistryDirectory registries,
        Consumers consumers,
        EventPublisher publisher) {
      this.config = config;
      this.identity = identity;
      this.credentials = credentials;
      this.registries = registries;
      this.consumers = consumers;
      this.publisher = publisher;
    }

    @PostConstruct
    void start() {
      consumers.table("pusher-decisions", identity::onDecision, Topic.CONSUMERS_APPROVED);
      consumers.table("pusher-registries", registries::apply, Topic.REGISTRY_CHANGES);
      consumers.table("pusher-credentials", credentials::apply, Topic.CREDENTIALS);
      identity.announce(publisher, Secret.ofNullable(config.joinToken()), config.joinTokenId());
    }
  }
}
