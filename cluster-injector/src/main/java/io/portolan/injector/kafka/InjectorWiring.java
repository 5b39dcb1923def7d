package io.portolan.injector.kafka;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.portolan.events.Capability;
import io.portolan.events.ConsumerKind;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.injector.cluster.KubernetesCluster;
import io.portolan.injector.cluster.SecretKeysetStore;
import io.portolan.injector.config.ClusterConnection;
import io.portolan.injector.config.InjectorConfig;
import io.portolan.injector.injection.InjectionLoop;
import io.portolan.injector.injection.LabelSelector;
import io.portolan.injector.injection.LeaseElector;
import io.portolan.injector.injection.NamespaceSelector;
import io.portolan.injector.injection.NamespaceWatcher;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.Secret;
import io.portolan.service.identity.CredentialConsumer;
import io.portolan.service.identity.FileKeysetStore;
import io.portolan.service.identity.KeysetStore;
import io.portolan.service.kafka.Consumers;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The injector's beans and its start-up order. */
@Factory
public class InjectorWiring {
  private static final Logger LOG = LoggerFactory.getLogger(InjectorWiring.class);

  @Singleton
  ClusterConnection clusterConnection(InjectorConfig config) throws IOException {
    return ClusterConnection.from(config);
  }

  @Singleton
  CredentialConsumer credentialConsumer(InjectorConfig config, ClusterConnection connection)
      throws IOException, SealingException {
    if (!config.clusterId().matches("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?")) {
      throw new IllegalStateException(
          "portolan.injector.cluster-id ["
              + config.clusterId()
              + "] must be lower-case letters, digits, '-' and '.', at most 63 characters");
    }
    KeysetStore keys;
    if (config.keysetFile() != null && !config.keysetFile().isBlank()) {
      keys = new FileKeysetStore(Path.of(config.keysetFile()));
    } else if (connection.client().isPresent()) {
      keys =
          new SecretKeysetStore(
              connection.client().get(), config.ownNamespace(), config.keysetSecret());
    } else {
      keys = new FileKeysetStore(Path.of("portolan-injector-keyset.json"));
    }
    LOG.info("Injector keyset: {}", keys.describe());
    return new CredentialConsumer(
        ConsumerKind.CLUSTER, config.clusterId(), Set.of(Capability.PULL), keys);
  }

  static NamespaceSelector selector(InjectorConfig config) {
    return new NamespaceSelector(
        LabelSelector.parse(config.includeNamespaceLabels()),
        LabelSelector.parse(config.excludeNamespaceLabels()),
        config.includeNamespaces() == null ? List.of() : config.includeNamespaces(),
        config.excludeNamespaces());
  }

  /** Starts everything once the context is up. */
  @Context
  @Singleton
  static class Starter {
    private InjectionLoop loop;
    private NamespaceWatcher watcher;
    private LeaseElector elector;
    private ExecutorService apiPool;

    Starter(
        InjectorConfig config,
        CredentialConsumer consumer,
        ClusterConnection connection,
        Consumers consumers,
        EventPublisher publisher,
        MeterRegistry meters) {
      NamespaceSelector selector = selector(config); // fails start-up on a bad selector
      if (connection.client().isPresent()) {
        KubernetesCluster cluster =
            new KubernetesCluster(
                connection.client().get(),
                config.clusterId(),
                config.apiMaxAttempts(),
                config.apiRetryBase());
        apiPool = Executors.newFixedThreadPool(Math.max(1, config.apiConcurrency()));
        if (config.leaderElection()) {
          elector =
              new LeaseElector(
                  cluster,
                  config.ownNamespace(),
                  config.effectiveLeaseName(),
                  identity(),
                  config.leaseDuration(),
                  Clock.systemUTC());
        }
        LeaseElector e = elector;
        loop =
            new InjectionLoop(
                new InjectionLoop.Settings(
                    config.clusterId(),
                    config.secretNameTemplate(),
                    config.serviceAccounts(),
                    config.resyncInterval(),
                    config.heartbeatInterval()),
                cluster,
                apiPool,
                consumer.credentials(),
                consumer.registries(),
                selector,
                publisher::publish,
                e == null ? () -> true : e::isLeader,
                Clock.systemUTC());
        consumer.credentials().onChange((registryId, held) -> loop.requestReconcile());
        consumer.registries().onChange(change -> loop.requestReconcile());
        loop.start();
        watcher =
            new NamespaceWatcher(cluster, loop::requestReconcile, config.namespacePollInterval())
                .start();
        if (elector != null) {
          elector.start(loop::requestReconcile);
        }
        FunctionCounter.builder("portolan.injector.writes", loop, InjectionLoop::writes)
            .description("Writes to the Kubernetes API (creates, replaces, deletes, patches)")
            .register(meters);
        FunctionCounter.builder("portolan.injector.passes", loop, InjectionLoop::passes)
            .description("Reconcile passes run")
            .register(meters);
        Gauge.builder(
                "portolan.injector.leader", () -> elector == null || elector.isLeader() ? 1 : 0)
            .description("1 while this replica leads")
            .register(meters);
        LOG.info(
            "Injector for cluster [{}] uses {}; leader election {}",
            config.clusterId(),
            connection.description(),
            elector == null
                ? "off"
                : "on (lease " + config.ownNamespace() + "/" + config.effectiveLeaseName() + ")");
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

    private static String identity() {
      String host = System.getenv("HOSTNAME");
      if (host == null || host.isBlank()) {
        try {
          host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
          host = "injector";
        }
      }
      return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @PreDestroy
    void stop() {
      if (watcher != null) {
        watcher.close();
      }
      if (loop != null) {
        loop.close();
      }
      if (elector != null) {
        elector.close();
      }
      if (apiPool != null) {
        apiPool.shutdownNow();
      }
    }
  }
}
