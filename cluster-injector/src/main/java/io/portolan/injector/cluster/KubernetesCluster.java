package io.portolan.injector.cluster;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Watch;
import io.portolan.events.EventJson;
import io.portolan.injector.pullsecret.DesiredSecret;
import io.portolan.injector.pullsecret.DockerConfigJson;
import io.portolan.injector.pullsecret.Labels;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * The cluster through the official Kubernetes client, with the calls every API server and its
 * stand-ins support: list (with label selectors), get, create, replace, delete, and JSON Patch.
 * Calls answered with 429, 5xx or no answer at all are retried with exponential backoff and jitter,
 * honouring {@code Retry-After}, up to {@code maxAttempts}; the exception says what was tried and
 * what the API server said.
 *
 * <p>Thread-safe (the API client is).
 */
public final class KubernetesCluster implements Cluster {
  private final ApiClient client;
  private final CoreV1Api core;
  private final CoordinationV1Api coordination;
  private final String clusterId;
  private final int maxAttempts;
  private final Duration retryBase;

  @FunctionalInterface
  private interface Call<T> {
    T run() throws ApiException;
  }

  public KubernetesCluster(
      ApiClient client, String clusterId, int maxAttempts, Duration retryBase) {
    this.client = client;
    this.core = new CoreV1Api(client);
    this.coordination = new CoordinationV1Api(client);
    this.clusterId = clusterId;
    this.maxAttempts = maxAttempts;
    this.retryBase = retryBase;
  }

  private String selector() {
    return Labels.MANAGED_BY + "=" + Labels.PORTOLAN + "," + Labels.CLUSTER + "=" + clusterId;
  }

  private <T> T call(String action, Call<T> call) throws ClusterException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.run();
      } catch (ApiException e) {
        int code = e.getCode();
        boolean retryable = code == 0 || code == 429 || code >= 500;
        if (!retryable || attempt >= maxAttempts) {
          throw failure(action, e, attempt);
        }
        sleep(delay(attempt, e));
      }
    }
  }

  private Duration delay(int attempt, ApiException e) {
    Map<String, List<String>> headers = e.getResponseHeaders();
    if (headers != null) {
      for (Map.Entry<String, List<String>> h : headers.entrySet()) {
        if ("retry-after".equalsIgnoreCase(h.getKey()) && !h.getValue().isEmpty()) {
          try {
            return Duration.ofSeconds(Math.min(60, Long.parseLong(h.getValue().get(0).trim())));
          } catch (NumberFormatException ignored) {
            // an HTTP date: use the backoff
          }
        }
      }
    }
    long base = retryBase.toMillis() << Math.min(attempt - 1, 10);
    return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
  }

  private static void sleep(Duration d) throws ClusterException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted while waiting to retry", 0, e);
    }
  }

  @Override
  public List<NamespaceInfo> namespaces() throws ClusterException {
    List<NamespaceInfo> names = new ArrayList<>();
    for (V1Namespace ns :
        call("list namespaces", () -> core.listNamespace().execute()).getItems()) {
      V1ObjectMeta m = ns.getMetadata();
      if (m == null || m.getName() == null || m.getDeletionTimestamp() != null) {
        continue;
      }
      names.add(new NamespaceInfo(m.getName(), m.getLabels()));
    }
    return names;
  }

  @Override
  public void watchNamespaces(Runnable onChange, BooleanSupplier running) throws ClusterException {
    var listed = call("list namespaces", () -> core.listNamespace().execute());
    String resourceVersion =
        listed.getMetadata() == null ? null : listed.getMetadata().getResourceVersion();
    while (running.getAsBoolean()) {
      String from = resourceVersion;
      // the server ends each watch within the client's read timeout; then it is opened again
      try (Watch<V1Namespace> watch =
          Watch.createWatch(
              client,
              core.listNamespace()
                  .watch(true)
                  .resourceVersion(from)
                  .timeoutSeconds(20)
                  .buildCall(null),
              new TypeToken<Watch.Response<V1Namespace>>() {}.getType())) {
        for (Watch.Response<V1Namespace> event : watch) {
          if (!running.getAsBoolean()) {
            return;
          }
          if ("ERROR".equals(event.type)) {
            resourceVersion = null; // too old: start again from now
            break;
          }
          if (event.object != null && event.object.getMetadata() != null) {
            resourceVersion = event.object.getMetadata().getResourceVersion();
          }
          onChange.run();
        }
      } catch (ApiException e) {
        throw failure("watch namespaces", e, 1);
      } catch (IOException | RuntimeException e) {
        throw new ClusterException(
            "Tried to watch namespaces but failed because: " + e.getMessage(), 0, e);
      }
    }
  }

  @Override
  public List<ManagedSecret> managedSecrets() throws ClusterException {
    List<ManagedSecret> secrets = new ArrayList<>();
    for (V1Secret s :
        call(
                "list managed secrets",
                () -> core.listSecretForAllNamespaces().labelSelector(selector()).execute())
            .getItems()) {
      V1ObjectMeta m = s.getMetadata();
      if (m == null) {
        continue;
      }
      Map<String, String> labels = m.getLabels() == null ? Map.of() : m.getLabels();
      Map<String, String> annotations = m.getAnnotations() == null ? Map.of() : m.getAnnotations();
      secrets.add(
          new ManagedSecret(
              m.getNamespace(),
              m.getName(),
              labels.getOrDefault(Labels.REGISTRY_ID, ""),
              contentHash(s, annotations),
              m.getResourceVersion()));
    }
    return secrets;
  }

  /**
   * The annotated content hash when it matches the data and type actually held, else {@code
   * "drifted"}: an edit of the data, the type or the annotation all make the secret differ.
   */
  private static String contentHash(V1Secret s, Map<String, String> annotations) {
    String annotated = annotations.getOrDefault(Labels.CONTENT_HASH, "");
    byte[] data = s.getData() == null ? null : s.getData().get(".dockerconfigjson");
    if (data == null
        || !"kubernetes.io/dockerconfigjson".equals(s.getType())
        || !annotated.equals(DockerConfigJson.sha256(data))) {
      return "drifted";
    }
    return annotated;
  }

  @Override
  public SecretPresence secret(String namespace, String name) throws ClusterException {
    try {
      V1Secret s =
          call(
              "read secret " + name + " in " + namespace,
              () -> core.readNamespacedSecret(name, namespace).execute());
      Map<String, String> labels =
          s.getMetadata() == null || s.getMetadata().getLabels() == null
              ? Map.of()
              : s.getMetadata().getLabels();
      return Labels.PORTOLAN.equals(labels.get(Labels.MANAGED_BY))
              && clusterId.equals(labels.get(Labels.CLUSTER))
          ? SecretPresence.MANAGED
          : SecretPresence.FOREIGN;
    } catch (ClusterException e) {
      if (e.status() == 404) {
        return SecretPresence.ABSENT;
      }
      throw e;
    }
  }

  @Override
  public void create(DesiredSecret secret) throws ClusterException {
    call(
        "create secret " + secret.name() + " in " + secret.namespace(),
        () -> core.createNamespacedSecret(secret.namespace(), toSecret(secret, null)).execute());
  }

  @Override
  public void replace(DesiredSecret secret, String resourceVersion) throws ClusterException {
    call(
        "replace secret " + secret.name() + " in " + secret.namespace(),
        () ->
            core.replaceNamespacedSecret(
                    secret.name(), secret.namespace(), toSecret(secret, resourceVersion))
                .execute());
  }

  @Override
  public void delete(String namespace, String name) throws ClusterException {
    try {
      call(
          "delete secret " + name + " in " + namespace,
          () -> core.deleteNamespacedSecret(name, namespace).execute());
    } catch (ClusterException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
  }

  @Override
  public List<ServiceAccountInfo> serviceAccounts() throws ClusterException {
    List<ServiceAccountInfo> accounts = new ArrayList<>();
    for (V1ServiceAccount sa :
        call("list service accounts", () -> core.listServiceAccountForAllNamespaces().execute())
            .getItems()) {
      V1ObjectMeta m = sa.getMetadata();
      if (m == null) {
        continue;
      }
      List<String> refs = new ArrayList<>();
      if (sa.getImagePullSecrets() != null) {
        sa.getImagePullSecrets().forEach(r -> refs.add(r.getName()));
      }
      String added =
          m.getAnnotations() == null ? null : m.getAnnotations().get(Labels.ADDED_PULL_SECRETS);
      Set<String> addedSet =
          added == null || added.isBlank()
              ? Set.of()
              : new LinkedHashSet<>(Arrays.asList(added.split(",")));
      accounts.add(
          new ServiceAccountInfo(
              m.getNamespace(),
              m.getName(),
              refs,
              addedSet,
              m.getAnnotations() != null,
              m.getResourceVersion()));
    }
    return accounts;
  }

  @Override
  public void updatePullSecrets(
      ServiceAccountInfo account, List<String> pullSecrets, Set<String> added)
      throws ClusterException {
    List<Map<String, Object>> ops = new ArrayList<>();
    ops.add(
        Map.of(
            "op", "test", "path", "/metadata/resourceVersion", "value", account.resourceVersion()));
    ops.add(
        Map.of(
            "op",
            "add", // replaces the member when it exists
            "path",
            "/imagePullSecrets",
            "value",
            pullSecrets.stream().map(n -> Map.of("name", n)).toList()));
    String annotation = "/metadata/annotations/" + Labels.ADDED_PULL_SECRETS.replace("/", "~1");
    if (added.isEmpty()) {
      if (!account.addedByPortolan().isEmpty()) {
        ops.add(Map.of("op", "remove", "path", annotation));
      }
    } else {
      if (!account.hasAnnotations()) {
        ops.add(Map.of("op", "add", "path", "/metadata/annotations", "value", Map.of()));
      }
      ops.add(
          Map.of(
              "op",
              "add",
              "path",
              annotation,
              "value",
              String.join(",", added.stream().sorted().toList())));
    }
    String body;
    try {
      body = EventJson.mapper().writeValueAsString(ops);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    call(
        "update the pull secrets of service account "
            + account.name()
            + " in "
            + account.namespace(),
        () ->
            PatchUtils.patch(
                V1ServiceAccount.class,
                () ->
                    core.patchNamespacedServiceAccount(
                            account.name(), account.namespace(), new V1Patch(body))
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_PATCH,
                client));
  }

  @Override
  public Optional<LeaseRecord> lease(String namespace, String name) throws ClusterException {
    V1Lease lease;
    try {
      lease =
          call(
              "read lease " + name + " in " + namespace,
              () -> coordination.readNamespacedLease(name, namespace).execute());
    } catch (ClusterException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
    V1LeaseSpec spec = lease.getSpec() == null ? new V1LeaseSpec() : lease.getSpec();
    return Optional.of(
        new LeaseRecord(
            spec.getHolderIdentity(),
            spec.getLeaseDurationSeconds() == null ? 0 : spec.getLeaseDurationSeconds(),
            spec.getAcquireTime() == null ? null : spec.getAcquireTime().toInstant(),
            spec.getRenewTime() == null ? null : spec.getRenewTime().toInstant(),
            spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions(),
            lease.getMetadata() == null ? null : lease.getMetadata().getResourceVersion()));
  }

  @Override
  public void writeLease(String namespace, String name, LeaseRecord record)
      throws ClusterException {
    V1Lease lease =
        new V1Lease()
            .apiVersion("coordination.k8s.io/v1")
            .kind("Lease")
            .metadata(
                new V1ObjectMeta()
                    .name(name)
                    .namespace(namespace)
                    .resourceVersion(record.resourceVersion()))
            .spec(
                new V1LeaseSpec()
                    .holderIdentity(record.holder())
                    .leaseDurationSeconds(record.durationSeconds())
                    .acquireTime(time(record.acquiredAt()))
                    .renewTime(time(record.renewedAt()))
                    .leaseTransitions(record.transitions()));
    if (record.resourceVersion() == null) {
      call(
          "create lease " + name + " in " + namespace,
          () -> coordination.createNamespacedLease(namespace, lease).execute());
    } else {
      call(
          "renew lease " + name + " in " + namespace,
          () -> coordination.replaceNamespacedLease(name, namespace, lease).execute());
    }
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
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

  private static ClusterException failure(String action, ApiException e, int attempts) {
    String reason =
        e.getCode() == 0
            ? "the API server could not be reached (" + e.getMessage() + ")"
            : "the API server answered " + e.getCode() + reasonOf(e);
    return new ClusterException(
        "Tried to "
            + action
            + " but failed because: "
            + reason
            + (attempts > 1 ? " (after " + attempts + " attempts)" : ""),
        e.getCode(),
        e);
  }

  private static String reasonOf(ApiException e) {
    String body = e.getResponseBody();
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      String message = EventJson.mapper().readTree(body).path("message").asText("");
      return message.isEmpty() ? "" : ": " + message;
    } catch (IOException ex) {
      return "";
    }
  }
}
