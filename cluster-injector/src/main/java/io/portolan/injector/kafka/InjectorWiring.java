package io.portolan.injector.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.portolan.events.Capability;
import io.portolan.events.ConsumerKind;
import io.portolan.events.Topic;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.injector.config.ClusterConnection;
import io.portolan.injector.config.InjectorConfig;
import io.portolan.injector.injection.InjectionLoop;
import io.portolan.injector.injection.NamespaceSelector;
import io.portolan.injector.pullsecret.kubernetes.KubernetesPullSecretWriter;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The injector's beans and its start-up order. */
@Factory
public class InjectorWiring {
  private static final Logger LOG = LoggerFactory.getLogger(InjectorWiring.class);

  @Singleton
  ConsumerIdentity identity(InjectorConfig config) throws IOException, SealingException {
    if (!config.clusterId().matches("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?")) {
      throw new IllegalStateException(
          "portolan.injector.cluster-id ["
              + config.clusterId()
              + "] must be lower-case letters, digits, '-' and '.', at most 63 characters");
    }
    return new ConsumerIdentity(
        ConsumerKind.CLUSTER,
        config.clusterId(),
        Set.of(Capability.PULL),
        new FileKeysetStore(Path.of(config.keysetFile())),
        Clock.systemUTC());
  }

  @Singleton
  ClusterConnection clusterConnection(InjectorConfig config) throws IOException {
    return ClusterConnection.from(config);
  }

  @Singleton
  CredentialStore credentialStore(ConsumerIdentity identity) {
    return new CredentialStore(identity.consumerId(), identity.opener());
  }

  @Singleton
  RegistryDirectory registryDirectory() {
    return new RegistryDirectory();
  }

  /** Starts everything once the context is up. */
  @Context
  @Singleton
  static class Starter {
    private final InjectorConfig config;
    private final ConsumerIdentity identity;
    private final ClusterConnection connection;
    private final CredentialStore credentials;
    private final RegistryDirectory registries;
    private final Consumers consumers;
    private final EventPublisher publisher;
    private InjectionLoop loop;

    Starter(
        InjectorConfig config,
        ConsumerIdentity identity,
        ClusterConnection connection,
        CredentialStore credentials,
        RegistryDirectory registries,
        Consumers consumers,
        EventPublisher publisher) {
      this.config = config;
      this.identity = identity;
      this.connection = connection;
      this.credentials = credentials;
      this.registries = registries;
      this.consumers = consumers;
      this.publisher = publisher;
    }

    @PostConstruct
    void start() {
      if (connection.client().isPresent()) {
        loop =
            new InjectionLoop(
                config.clusterId(),
                new KubernetesPullSecretWriter(connection.client().get(), config.clusterId()),
                credentials,
                registries,
                new NamespaceSelector(config.excludeNamespaces()),
                config.secretNameTemplate(),
                publisher::publish,
                config.resyncInterval(),
                Clock.systemUTC());
        credentials.onChange((registryId, held) -> loop.requestReconcile());
        registries.onChange(change -> loop.requestReconcile());
        loop.start();
        LOG.info("Injector for cluster [{}] uses {}", config.clusterId(), connection.description());
      } else {
        LOG.warn(
            "No Kubernetes cluster is configured (no portolan.injector.api-server, no kubeconfig,"
                + " not in a pod): the injector for [{}] keeps running and writes nothing. Set"
                + " portolan.injector.kubeconfig or portolan.injector.api-server to give it one.",
            config.clusterId());
      }
      consumers.table("injector-decisions", identity::onDecision, Topic.CONSUMERS_APPROVED);
      consumers.table("injector-registries", registries::apply, Topic.REGISTRY_CHANGES);
      consumers.table("injector-credentials", credentials::apply, Topic.CREDENTIALS);
      Secret joinToken = Secret.ofNullable(config.joinToken());
      identity.announce(publisher, joinToken, config.joinTokenId());
    }

    @PreDestroy
    void stop() {
      if (loop != null) {
        loop.close();
      }
    }
  }
}
