package io.portolan.injector.pullsecret.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.portolan.injector.pullsecret.ClusterException;
import io.portolan.injector.pullsecret.DesiredSecret;
import io.portolan.injector.pullsecret.Labels;
import io.portolan.injector.pullsecret.ManagedSecret;
import io.portolan.injector.pullsecret.PullSecretWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pull secrets through the Kubernetes API with the official client: list with label selectors and
 * create, replace and delete by name. (No server-side apply or strategic-merge patch, so the same
 * calls work against every API server and its stand-ins.)
 *
 * <p>Thread-safe (the API client is).
 */
public final class KubernetesPullSecretWriter implements PullSecretWriter {
  private final CoreV1Api api;
  private final String clusterId;

  public KubernetesPullSecretWriter(ApiClient client, String clusterId) {
    this.api = new CoreV1Api(client);
    this.clusterId = clusterId;
  }

  private String selector() {
    return Labels.MANAGED_BY + "=" + Labels.PORTOLAN + "," + Labels.CLUSTER + "=" + clusterId;
  }

  @Override
  public List<String> namespaces() throws ClusterException {
    try {
      List<String> names = new ArrayList<>();
      for (V1Namespace ns : api.listNamespace().execute().getItems()) {
        if (ns.getMetadata() != null && ns.getMetadata().getName() != null) {
          names.add(ns.getMetadata().getName());
        }
      }
      return names;
    } catch (ApiException e) {
      throw failure("list namespaces", e);
    }
  }

  @Override
  public List<ManagedSecret> managedSecrets() throws ClusterException {
    try {
      List<ManagedSecret> secrets = new ArrayList<>();
      for (V1Secret s :
          api.listSecretForAllNamespaces().labelSelector(selector()).execute().getItems()) {
        V1ObjectMeta m = s.getMetadata();
        if (m == null) {
          continue;
        }
        Map<String, String> labels = m.getLabels() == null ? Map.of() : m.getLabels();
        Map<String, String> annotations =
            m.getAnnotations() == null ? Map.of() : m.getAnnotations();
        secrets.add(
            new ManagedSecret(
                m.getNamespace(),
                m.getName(),
                labels.getOrDefault(Labels.REGISTRY_ID, ""),
                annotations.getOrDefault(Labels.CONTENT_HASH, ""),
                m.getResourceVersion()));
      }
      return secrets;
    } catch (ApiException e) {
      throw failure("list managed secrets", e);
    }
  }

  @Override
  public boolean exists(String namespace, String name) throws ClusterException {
    try {
      api.readNamespacedSecret(name, namespace).execute();
      return true;
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw failure("read secret " + name + " in " + namespace, e);
    }
  }

  @Override
  public void create(DesiredSecret secret) throws ClusterException {
    try {
      api.createNamespacedSecret(secret.namespace(), toSecret(secret, null)).execute();
    } catch (ApiException e) {
      throw failure("create secret " + secret.name() + " in " + secret.namespace(), e);
    }
  }

  @Override
  public void replace(DesiredSecret secret, String resourceVersion) throws ClusterException {
    try {
      api.replaceNamespacedSecret(
              secret.name(), secret.namespace(), toSecret(secret, resourceVersion))
          .execute();
    } catch (ApiException e) {
      throw failure("replace secret " + secret.name() + " in " + secret.namespace(), e);
    }
  }

  @Override
  public void delete(String namespace, String name) throws ClusterException {
    try {
      api.deleteNamespacedSecret(name, namespace).execute();
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        throw failure("delete secret " + name + " in " + namespace, e);
      }
    }
  }

  private V1Secret toSecret(DesiredSecret s, String resourceVersion) {
    return new V1Secret()
        .apiVersion("v1")
        .kind("Secret")
        .type("kubernetes.io/dockerconfigjson")
        .metadata(
            new V1ObjectMeta()
                .name(s.name())
                .namespace(s.namespace())
                .resourceVersion(resourceVersion)
                .putLabelsItem(Labels.MANAGED_BY, Labels.PORTOLAN)
                .putLabelsItem(Labels.CLUSTER, clusterId)
                .putLabelsItem(Labels.REGISTRY_ID, s.registryId())
                .putAnnotationsItem(Labels.REGISTRY_NAME, s.registryName())
                .putAnnotationsItem(Labels.GENERATION, Long.toString(s.generation()))
                .putAnnotationsItem(
                    Labels.EXPIRES_AT, s.expiresAt() == null ? "never" : s.expiresAt().toString())
                .putAnnotationsItem(Labels.CONTENT_HASH, s.contentHash()))
        .putDataItem(".dockerconfigjson", s.dockerConfigJson());
  }

  private static ClusterException failure(String action, ApiException e) {
    String reason =
        e.getCode() == 0
            ? "the API server could not be reached (" + e.getMessage() + ")"
            : "the API server answered " + e.getCode() + reasonOf(e);
    return new ClusterException(
        "Tried to " + action + " but failed because: " + reason, e.getCode(), e);
  }

  private static String reasonOf(ApiException e) {
    String body = e.getResponseBody();
    if (body == null || body.isBlank()) {
      return "";
    }
    int at = body.indexOf("\"message\":\"");
    if (at < 0) {
      return "";
    }
    int end = body.indexOf('"', at + 11);
    return end < 0 ? "" : ": " + body.substring(at + 11, end);
  }
}
