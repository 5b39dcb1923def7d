package io.portolan.injector.config;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the injector reaches its cluster: an explicit API URL, a kubeconfig (its current context
 * unless one is named), or the pod's service account. Without any of these there is no cluster,
 * which the injector says plainly and keeps running.
 */
public record ClusterConnection(Optional<ApiClient> client, String description) {

  public static ClusterConnection from(InjectorConfig config) throws IOException {
    if (config.apiServer() != null && !config.apiServer().isBlank()) {
      ClientBuilder builder =
          ClientBuilder.standard(false)
              .setBasePath(config.apiServer())
              .setVerifyingSsl(!config.insecureSkipTlsVerify());
      if (config.apiToken() != null && !config.apiToken().isBlank()) {
        builder.setAuthentication(new AccessTokenAuthentication(config.apiToken()));
      }
      return new ClusterConnection(
          Optional.of(timeouts(builder.build())), "API server " + config.apiServer());
    }
    if (config.inCluster()) {
      return new ClusterConnection(
          Optional.of(timeouts(ClientBuilder.cluster().build())), "in-cluster service account");
    }
    Path kubeconfig = kubeconfigPath(config);
    if (kubeconfig != null && Files.isRegularFile(kubeconfig)) {
      try (Reader reader = Files.newBufferedReader(kubeconfig)) {
        KubeConfig kc = KubeConfig.loadKubeConfig(reader);
        kc.setFile(kubeconfig.toFile());
        if (config.context() != null && !config.context().isBlank()) {
          if (!kc.setContext(config.context())) {
            throw new IOException(
                "kubeconfig " + kubeconfig + " has no context " + config.context());
          }
        }
        return new ClusterConnection(
            Optional.of(timeouts(ClientBuilder.kubeconfig(kc).build())),
            "kubeconfig " + kubeconfig + " context " + kc.getCurrentContext());
      }
    }
    return new ClusterConnection(Optional.empty(), "no cluster");
  }

  private static Path kubeconfigPath(InjectorConfig config) {
    if (config.kubeconfig() != null && !config.kubeconfig().isBlank()) {
      return Path.of(config.kubeconfig());
    }
    String env = System.getenv("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      return Path.of(env.split(java.io.File.pathSeparator)[0]);
    }
    return Path.of(System.getProperty("user.home"), ".kube", "config");
  }

  private static ApiClient timeouts(ApiClient client) {
    client.setConnectTimeout((int) Duration.ofSeconds(10).toMillis());
    client.setReadTimeout((int) Duration.ofSeconds(30).toMillis());
    client.setWriteTimeout((int) Duration.ofSeconds(30).toMillis());
    return client;
  }
}
