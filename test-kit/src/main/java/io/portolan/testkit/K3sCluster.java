package io.portolan.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real single-node Kubernetes (k3s) in a container, for the paths the CRUD stand-in cannot serve
 * (watches). Needs a Docker engine: annotate tests that use it with
 * {@code @Testcontainers(disabledWithoutDocker = true)} so they are skipped, and reported as
 * skipped, where none runs.
 */
public final class K3sCluster implements AutoCloseable {
  public static final String IMAGE = "rancher/k3s:v1.31.4-k3s1";

  private final K3sContainer container;

  private K3sCluster(K3sContainer container) {
    this.container = container;
  }

  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  public static K3sCluster start() {
    K3sContainer container = new K3sContainer(DockerImageName.parse(IMAGE));
    container.start();
    return new K3sCluster(container);
  }

  /** A kubeconfig for the cluster's admin, pointing at the mapped API port. */
  public String kubeConfigYaml() {
    return container.getKubeConfigYaml();
  }

  @Override
  public void close() {
    container.stop();
  }
}
