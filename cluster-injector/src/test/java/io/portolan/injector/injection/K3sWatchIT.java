package io.portolan.injector.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.portolan.injector.cluster.KubernetesCluster;
import io.portolan.testkit.K3sCluster;
import java.io.StringReader;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The watch path against a real API server (k3s), which the CRUD stand-in cannot serve. Runs where
 * a Docker engine is available and is reported as skipped elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sWatchIT {
  @Test
  void aNewNamespaceIsSeenThroughTheWatchWellBeforeAnyListWouldSeeIt() throws Exception {
    try (K3sCluster k3s = K3sCluster.start()) {
      ApiClient client =
          ClientBuilder.kubeconfig(
                  KubeConfig.loadKubeConfig(new StringReader(k3s.kubeConfigYaml())))
              .build();
      client.setReadTimeout(0); // a watch stays open
      KubernetesCluster cluster = new KubernetesCluster(client, "k3s", 3, Duration.ofMillis(100));
      AtomicInteger changes = new AtomicInteger();
      // a list interval far beyond the test: only the watch can see the namespace in time
      try (NamespaceWatcher watcher =
          new NamespaceWatcher(cluster, changes::incrementAndGet, Duration.ofHours(1)).start()) {
        // a namespace created before the watch opened is in its first list, not an event: keep
        // creating until one is seen
        CoreV1Api api = new CoreV1Api(client);
        AtomicInteger created = new AtomicInteger();
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  api.createNamespace(
                          new V1Namespace()
                              .apiVersion("v1")
                              .kind("Namespace")
                              .metadata(
                                  new V1ObjectMeta().name("watched-" + created.getAndIncrement())))
                      .execute();
                  return changes.get() > 0;
                });
      }
      assertThat(cluster.namespaces()).anyMatch(ns -> ns.name().startsWith("watched-"));
    }
  }
}
