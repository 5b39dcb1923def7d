package io.portolan.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The real-Kubernetes variant of the stand-in: k3s in a container. Runs where a Docker engine is
 * available and is reported as skipped elsewhere (this build machine has none).
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sClusterIT {
  @Test
  void startsARealClusterThatServesTheApi() {
    try (K3sCluster cluster = K3sCluster.start();
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(cluster.kubeConfigYaml()))
                .build()) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("k3s-check").endMetadata().build())
          .create();

      assertThat(client.namespaces().withName("k3s-check").get()).isNotNull();
    }
  }
}
