package io.portolan.injector.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
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
 * @param excludeNamespaces namespaces never touched
 * @param secretNameTemplate the pull secret's name; {@code {registry}} is the registry's name
 * @param keysetFile where the injector keeps its private key
 * @param joinToken a join token from the catalog, to be approved without an admin
 * @param joinTokenId the join token's id
 * @param resyncInterval how often everything is compared again, to undo drift
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
    @Bindable(defaultValue = "kube-system,kube-public,kube-node-lease")
        List<String> excludeNamespaces,
    @Bindable(defaultValue = "portolan-{registry}") String secretNameTemplate,
    @Bindable(defaultValue = "portolan-injector-keyset.json") String keysetFile,
    @Nullable String joinToken,
    @Nullable String joinTokenId,
    @Bindable(defaultValue = "5m") Duration resyncInterval) {}
