package io.portolan.injector.injection;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.util.ClientBuilder;
import io.portolan.events.CredentialIssued;
import io.portolan.events.CredentialRevoked;
import io.portolan.events.Envelope;
import io.portolan.events.InjectionStatus;
import io.portolan.events.PortolanEvent;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.Topic;
import io.portolan.events.sealed.PullCredential;
import io.portolan.injector.cluster.KubernetesCluster;
import io.portolan.injector.pullsecret.ServiceAccountWiring;
import io.portolan.sealing.SealingKeys;
import io.portolan.service.credentials.CredentialStore;
import io.portolan.service.registries.RegistryDirectory;
import io.portolan.testkit.KubernetesStandIn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * One injector's parts wired against a Kubernetes stand-in, with credentials fed the way the
 * consumer feeds them from Kafka: sealed to the injector's key and opened by its store.
 */
final class InjectorHarness implements AutoCloseable {
  static final String CLUSTER = "prod";
  static final String CONSUMER = "cluster:" + CLUSTER;

  final KubernetesStandIn k8s = KubernetesStandIn.start();
  final ApiClient client = client(k8s);
  final CoreV1Api api = new CoreV1Api(client);
  final KubernetesCluster cluster =
      new KubernetesCluster(client, CLUSTER, 3, Duration.ofMillis(20));
  final SealingKeys keys = SealingKeys.generate();
  final CredentialStore credentials = new CredentialStore(CONSUMER, keys.opener());
  final RegistryDirectory registries = new RegistryDirectory();
  final List<InjectionStatus> statuses = new CopyOnWriteArrayList<>();
  final ExecutorService pool = Executors.newFixedThreadPool(4);
  private long offset;

  static ApiClient client(KubernetesStandIn k8s) {
    try {
      return ClientBuilder.standard(false).setBasePath(k8s.baseUrl()).build();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  InjectionLoop loop(ServiceAccountWiring wiring, Duration resync, BooleanSupplier leading) {
    return loop(wiring, resync, Duration.ofMinutes(1), leading);
  }

  InjectionLoop loop(
      ServiceAccountWiring wiring, Duration resync, Duration heartbeat, BooleanSupplier leading) {
    return new InjectionLoop(
        new InjectionLoop.Settings(CLUSTER, "portolan-{registry}", wiring, resync, heartbeat),
        cluster,
        pool,
        credentials,
        registries,
        NamespaceSelector.excluding(NamespaceSelector.DEFAULT_EXCLUDED),
        statuses::add,
        leading,
        Clock.systemUTC());
  }

  void namespace(String name, Map<String, String> labels) throws ApiException {
    api.createNamespace(
            new V1Namespace()
                .apiVersion("v1")
                .kind("Namespace")
                .metadata(new V1ObjectMeta().name(name).labels(labels)))
        .execute();
  }

  /** A namespace with its default ServiceAccount, as the real controller would add it. */
  void namespaceWithDefaultAccount(String name, String... pullSecrets) throws ApiException {
    namespace(name, Map.of());
    serviceAccount(name, "default", pullSecrets);
  }

  void serviceAccount(String namespace, String name, String... pullSecrets) throws ApiException {
    V1ServiceAccount sa =
        new V1ServiceAccount()
            .apiVersion("v1")
            .kind("ServiceAccount")
            .metadata(new V1ObjectMeta().name(name).namespace(namespace));
    for (String s : pullSecrets) {
      sa.addImagePullSecretsItem(new V1LocalObjectReference().name(s));
    }
    api.createNamespacedServiceAccount(namespace, sa).execute();
  }

  List<String> pullSecretsOf(String namespace, String account) throws ApiException {
    V1ServiceAccount sa = api.readNamespacedServiceAccount(account, namespace).execute();
    return sa.getImagePullSecrets() == null
        ? List.of()
        : sa.getImagePullSecrets().stream().map(V1LocalObjectReference::getName).toList();
  }

  V1Secret secret(String namespace, String name) throws ApiException {
    return api.readNamespacedSecret(name, namespace).execute();
  }

  boolean hasSecret(String namespace, String name) throws ApiException {
    try {
      secret(namespace, name);
      return true;
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** The catalog announces a registry. */
  void registry(String id, String name, String host, RegistrySnapshot.CredentialAccess access) {
    registry(id, 1, name, host, access);
  }

  void registry(
      String id,
      long revision,
      String name,
      String host,
      RegistrySnapshot.CredentialAccess access) {
    announce(id, revision, false, name, host, access);
  }

  void deleteRegistry(String id, String name, String host) {
    announce(id, 2, true, name, host, null);
  }

  private void announce(
      String id,
      long revision,
      boolean deleted,
      String name,
      String host,
      RegistrySnapshot.CredentialAccess access) {
    RegistrySnapshot snapshot =
        new RegistrySnapshot(
            name,
            io.portolan.events.Provider.OTHER,
            host,
            null,
            null,
            null,
            null,
            null,
            null,
            false,
            access,
            null);
    registries.apply(new RegistryChanged(id, revision, deleted, snapshot, null, Instant.now()));
  }

  /** The minter issues a credential sealed to this injector. */
  void issue(String registryId, String server, String password, long generation) {
    Instant now = Instant.now();
    PullCredential credential =
        new PullCredential(registryId, server, "robot", password, now, now.plusSeconds(3600));
    deliver(
        new CredentialIssued(
            CONSUMER,
            registryId,
            generation,
            1,
            now,
            now.plusSeconds(3600),
            keys.sealer()
                .sealJson(credential, CredentialStore.sealingContext(CONSUMER, registryId))));
  }

  void revoke(String registryId) {
    deliver(new CredentialRevoked(CONSUMER, registryId));
  }

  private void deliver(PortolanEvent event) {
    credentials.apply(
        new Envelope<>(
            Topic.CREDENTIALS,
            "k",
            "id-" + offset,
            "test",
            "t",
            Instant.now(),
            event,
            0,
            offset++));
  }

  @Override
  public void close() {
    pool.shutdownNow();
    k8s.close();
  }
}
