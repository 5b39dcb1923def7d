package io.portolan.pusher.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.portolan.events.Capability;
import io.portolan.events.ChartPushRequested;
import io.portolan.events.ConsumerKind;
import io.portolan.events.Topic;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.providers.EcrRepositories;
import io.portolan.pusher.chart.ChartLimits;
import io.portolan.pusher.config.PusherConfig;
import io.portolan.pusher.push.PushRequests;
import io.portolan.pusher.push.PushService;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.Secret;
import io.portolan.service.identity.CredentialConsumer;
import io.portolan.service.identity.FileKeysetStore;
import io.portolan.service.kafka.Consumers;
import io.portolan.service.registries.RegistryClients;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/** The pusher's beans and start-up. */
@Factory
public class PusherWiring {

  @Singleton
  CredentialConsumer credentialConsumer(PusherConfig config) throws IOException, SealingException {
    return new CredentialConsumer(
        ConsumerKind.PUSHER,
        config.name(),
        Set.of(Capability.PULL, Capability.PUSH),
        new FileKeysetStore(Path.of(config.keysetFile())));
  }

  @Singleton
  PushService pushService(
      CredentialConsumer consumer,
      RegistryClients clients,
      EventPublisher publisher,
      EcrRepositories ecr,
      PusherConfig config) {
    return new PushService(
        consumer.registries(),
        clients,
        consumer.credentials(),
        ecr,
        publisher,
        new ChartLimits(
            config.maxCompressedBytes(), config.maxUncompressedBytes(), config.maxEntries()),
        Clock.systemUTC());
  }

  @Singleton
  PushRequests pushRequests(
      PushService pushes,
      CredentialConsumer consumer,
      RegistryClients clients,
      EventPublisher publisher,
      PusherConfig config) {
    return new PushRequests(
        pushes,
        consumer.registries(),
        clients,
        consumer.credentials(),
        publisher,
        new ChartLimits(
            config.maxCompressedBytes(), config.maxUncompressedBytes(), config.maxEntries()),
        Clock.systemUTC());
  }

  /** Reads the pusher's topics and announces it once the context is up. */
  @Context
  @Singleton
  static class Starter {
    Starter(
        PusherConfig config,
        CredentialConsumer consumer,
        Consumers consumers,
        EventPublisher publisher,
        PushRequests requests) {
      consumer.start(
          consumers, publisher, Secret.ofNullable(config.joinToken()), config.joinTokenId());
      // CI's requests, shared among pusher instances
      consumers.group(
          "helm-pusher-" + config.name() + "-builds",
          envelope -> {
            if (envelope.event() instanceof ChartPushRequested request) {
              requests.handle(request);
            }
          },
          null,
          Topic.BUILD_EVENTS);
    }
  }
}
