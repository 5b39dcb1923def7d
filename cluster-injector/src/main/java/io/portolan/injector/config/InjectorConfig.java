package io.portolan.injector.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.portolan.injector.pullsecret.ServiceAccountWiring;
import java.time.Duration;
import java.util.List;

/**
 * {@code portolan.injector.*}.
 *
 * @param clusterId this cluster's id in the catalog; the injector is consumer {@code
 *     cluster:<clusterId>}
 * @param apiServer the Kubernetes API URL, when not taken from a kubeconfig or the pod
 * @param kubeconfig a kubeconfig file ({@code ~/.kube/config} or {@code $KUBECONFIG} when absent)
 * @param context the kubeconfig context (its current context when absent)
 * @param inCluster use the pod's service account
 * @param namespace the injector's own namespace (keyset Secret, Lease); in a pod, the pod's
 * @param includeNamespaceLabels a label selector namespaces must match (empty: all)
 * @param excludeNamespaceLabels a label selector of namespaces never touched (empty: none)
 * @param includeNamespaces name globs namespaces must match (empty: all)
 * @param excludeNamespaces name globs of namespaces never touched
 * @param secretNameTemplate the pull secret's name; {@code {registry}} is the registry's name
 * @param serviceAccounts which ServiceAccounts get {@code imagePullSecrets} entries
 * @param keysetFile keep the private keyset in this file instead of a Secret
 * @param keysetSecret the Secret in {@code namespace} that keeps the private keyset
 * @param joinToken a join token from the catalog, to be approved without an admin
 * @param joinTokenId the join token's id
 * @param resyncInterval how often everything is compared again, to undo drift
 * @param namespacePollInterval how often namespaces are listed, besides the watch
 * @param heartbeatInterval how often unchanged status is reported again
 * @param apiConcurrency concurrent calls to the API server at most
 * @param apiMaxAttempts attempts per call answered with 429, 5xx or nothing
 * @param apiRetryBase the first retry's delay (doubling, with jitter), unless Retry-After says
 * @param leaderElection whether replicas elect a leader through a Lease
 * @param leaseName the Lease's name in {@code namespace}
 * @param leaseDuration how long a leader's lease lasts without renewal
 */
@ConfigurationProperties("portolan.injector")
public record InjectorConfig(
    @Bindable(defaultValue = "default") String clusterId,
    @Nullable String apiServer,
    @Nullable String apiToken,
    @Bindable(defaultValue = "false") boolean insecureSkipTlsVerify,
    @Nullable String kubeconfig,
    @Nullable String context,
    @Bindable(defaultValue = "false") boolean inCluster,
    @Nullable String namespace,
    @Bindable(defaultValue = "") String includeNamespaceLabels,
    @Bindable(defaultValue = "") String excludeNamespaceLabels,
    @Nullable List<String> includeNamespaces,
    @Bindable(defaultValue = "kube-system,kube-public,kube-node-lease")
        List<String> excludeNamespaces,
    @Bindable(defaultValue = "portolan-{registry}") String secretNameTemplate,
    @Bindable(defaultValue = "DEFAULT") ServiceAccountWiring serviceAccounts,
    @Nullable String keysetFile,
    @Bindable(defaultValue = "portolan-injector-keyset") String keysetSecret,
    @Nullable String joinToken,
    @Nullable String joinTokenId,
    @Bindable(defaultValue = "5m") Duration resyncInterval,
    @Bindable(defaultValue = "30s") Duration namespacePollInterval,
    @Bindable(defaultValue = "1m") Duration heartbeatInterval,
    @Bindable(defaultValue = "8") int apiConcurrency,
    @Bindable(defaultValue = "5") int apiMaxAttempts,
    @Bindable(defaultValue = "200ms") Duration apiRetryBase,
    @Bindable(defaultValue = "true") boolean leaderElection,
    @Nullable String leaseName,
    @Bindable(defaultValue = "15s") Duration leaseDuration) {

  /** The injector's own namespace: configured, else the pod's, else {@code portolan}. */
  public String ownNamespace() {
    if (namespace != null && !namespace.isBlank()) {
      return namespace;
    }
    java.nio.file.Path podNamespace =
        java.nio.file.Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    try {
      if (java.nio.file.Files.isRegularFile(podNamespace)) {
        return java.nio.file.Files.readString(podNamespace).trim();
      }
    } catch (java.io.IOException ignored) {
      // fall through to the default
    }
    return "portolan";
  }

  public String effectiveLeaseName() {
    return leaseName == null || leaseName.isBlank() ? "portolan-injector-" + clusterId : leaseName;
  }
}
