package io.portolan.injector.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.portolan.events.Capability;
import io.portolan.events.ConsumerKind;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.injector.config.ClusterConnection;
import io.portolan.injector.config.InjectorConfig;
import io.portolan.injector.injection.InjectionLoop;
import io.portolan.injector.injection.NamespaceSelector;
import io.portolan.injector.pullsecret.kubernetes.KubernetesPullSecretWriter;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.Secret;
import io.portolan.service.identity.CredentialConsumer;
import io.portolan.service.identity.FileKeysetStore;
import io.portolan.service.kafka.Consumers;
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
  CredentialConsumer credentialConsumer(InjectorConfig config)
      throws IOException, SealingException {
    if (!config.clusterId().matches("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?")) {
      throw new IllegalStateException(
          "portolan.injector.cluster-id ["
              + config.clusterId()
              + "] must be lower-case letters, digits, '-' and '.', at most 63 characters");
    }
    return new CredentialConsumer(
        ConsumerKind.CLUSTER,
        config.clusterId(),
        Set.of(Capability.PULL),
        new FileKeysetStore(Path.of(config.keysetFile())));
  }

  @Singleton
  ClusterConnection clusterConnection(InjectorConfig config) throws IOException {
    return ClusterConnection.from(config);
  }

  /** Starts everything once the context is up. */
  @Context
  @Singleton
  static class Starter {
    private InjectionLoop loop;

    Starter(
        InjectorConfig config,
        CredentialConsumer consumer,
        ClusterConnection connection,
        Consumers consumers,
        EventPublisher publisher) {
      if (connection.client().isPresent()) {
        loop =
            new InjectionLoop(
                config.clusterId(),
                new KubernetesPullSecretWriter(connection.client().get(), config.clusterId()),
                consumer.credentials(),
                consumer.registries(),
                new NamespaceSelector(config.excludeNamespaces()),
                config.secretNameTemplate(),
                publisher::publish,
                config.resyncInterval(),
                Clock.systemUTC());
        consumer.credentials().onChange((registryId, held) -> loop.requestReconcile());
        consumer.registries().onChange(change -> loop.requestReconcile());
        loop.start();
        LOG.info("Injector for cluster [{}] uses {}", config.clusterId(), connection.description());
      } else {
        LOG.warn(
            "No Kubernetes cluster is configured (no portolan.injector.api-server, no kubeconfig,"
                + " not in a pod): the injector for [{}] keeps running and writes nothing. Set"
                + " portolan.injector.kubeconfig or portolan.injector.api-server to give it one.",
            config.clusterId());
      }
      consumer.start(
          consumers, publisher, Secret.ofNullable(config.joinToken()), config.joinTokenId());
    }

    @PreDestroy
    void stop() {
      if (loop != null) {
        loop.close();
      }
    }
  }
}
