package io.portolan.injector.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.models.V1Secret;
import io.portolan.events.InjectionStatus;
import io.portolan.events.RegistrySnapshot.AccessMode;
import io.portolan.events.RegistrySnapshot.CredentialAccess;
import io.portolan.injector.pullsecret.Labels;
import io.portolan.injector.pullsecret.ReconcileResult;
import io.portolan.injector.pullsecret.ServiceAccountWiring;
import io.portolan.testkit.KubernetesStandIn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The injector's reconcile loop against the Kubernetes stand-in, through the official client. */
class InjectionIT {
  private static final String SECRET = "portolan-team";
  private InjectorHarness h;
  private InjectionLoop loop;

  @BeforeEach
  void start() {
    h = new InjectorHarness();
    h.registry("reg-1", "team", "registry.example.com", CredentialAccess.ALL_CLUSTERS);
  }

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.close();
    }
    h.close();
  }

  private InjectionLoop passes(ServiceAccountWiring wiring) {
    loop = h.loop(wiring, Duration.ofHours(1), () -> true);
    return loop;
  }

  private static String dockerConfig(V1Secret s) {
    return new String(s.getData().get(".dockerconfigjson"), StandardCharsets.UTF_8);
  }

  @Test
  void fansOutToEverySelectedNamespaceThenMakesNoWriteWhileNothingChanges() throws Exception {
    List<String> namespaces = IntStream.range(0, 60).mapToObj(i -> "team-" + i).toList();
    for (String ns : namespaces) {
      h.namespaceWithDefaultAccount(ns);
    }
    h.namespaceWithDefaultAccount("kube-system");
    h.issue("reg-1", "registry.example.com", "pw1", 1);
    h.k8s.resetCounts();

    ReconcileResult first = passes(ServiceAccountWiring.DEFAULT).reconcileOnce();

    assertThat(first.current().get("reg-1")).containsExactlyInAnyOrderElementsOf(namespaces);
    assertThat(first.failed().get("reg-1")).isEmpty();
    assertThat(first.writes()).isEqualTo(120); // 60 secrets, 60 default ServiceAccounts
    V1Secret written = h.secret("team-7", SECRET);
    assertThat(written.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(dockerConfig(written))
        .isEqualTo(
            "{\"auths\":{\"registry.example.com\":{\"username\":\"robot\",\"password\":\"pw1\","
                + "\"auth\":\"cm9ib3Q6cHcx\"}}}");
    assertThat(written.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, "portolan")
        .containsEntry(Labels.REGISTRY_ID, "reg-1")
        .containsEntry(Labels.CLUSTER, "prod");
    assertThat(written.getMetadata().getAnnotations())
        .containsEntry(Labels.GENERATION, "1")
        .containsKey(Labels.EXPIRES_AT)
        .containsKey(Labels.CONTENT_HASH);
    assertThat(h.pullSecretsOf("team-7", "default")).containsExactly(SECRET);
    // the excluded namespace saw no write, and holds nothing
    assertThat(h.k8s.requests())
        .filteredOn(r -> r.isWrite() && r.path().contains("/namespaces/kube-system/"))
        .isEmpty();
    assertThat(h.hasSecret("kube-system", SECRET)).isFalse();
    assertThat(h.pullSecretsOf("kube-system", "default")).isEmpty();
    h.k8s.resetCounts();

    ReconcileResult second = loop.reconcileOnce();
    ReconcileResult third = loop.reconcileOnce();

    assertThat(second.writes()).isZero();
    assertThat(third.writes()).isZero();
    assertThat(h.k8s.writeCount()).isZero(); // counted by the API server, not by the injector
    assertThat(h.k8s.requests()).hasSizeLessThanOrEqualTo(2 * 3); // 3 lists per pass
  }

  @Test
  void picksUpANewNamespaceByListingWhereTheApiServerCannotWatch() throws Exception {
    h.namespaceWithDefaultAccount("team-a");
    h.issue("reg-1", "registry.example.com", "pw1", 1);
    loop = passes(ServiceAccountWiring.DEFAULT).start();
    loop.requestReconcile();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.hasSecret("team-a", SECRET));
    h.k8s.resetCounts();
    try (NamespaceWatcher watcher =
        new NamespaceWatcher(h.cluster, loop::requestReconcile, Duration.ofMillis(200)).start()) {
      // the watch lists once before it watches; after the poller's second list its baseline is set
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  h.k8s.requests().stream()
                          .filter(r -> r.path().equals("/api/v1/namespaces"))
                          .count()
                      >= 3);
      h.namespaceWithDefaultAccount("team-new");

      await().atMost(Duration.ofSeconds(10)).until(() -> h.hasSecret("team-new", SECRET));
      // the stand-in refuses watches (400): the periodic list found it (k3s covers the watch)
      assertThat(h.k8s.requests()).anyMatch(r -> r.path().contains("watch=true"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> h.pullSecretsOf("team-new", "default").contains(SECRET));
    }
  }

  @Test
  void wiresADefaultServiceAccountThatAppearsAfterItsNamespace() throws Exception {
    h.issue("reg-1", "registry.example.com", "pw1", 1);
    h.namespace("team-late", Map.of()); // the ServiceAccount controller has not run yet
    loop = passes(ServiceAccountWiring.DEFAULT);

    ReconcileResult first = loop.reconcileOnce();
    assertThat(first.waiting()).containsExactly("team-late");
    assertThat(first.wantsFollowUp()).isTrue();

    h.serviceAccount("team-late", "default");
    ReconcileResult followUp = loop.reconcileOnce();
    assertThat(followUp.waiting()).isEmpty();
    assertThat(h.pullSecretsOf("team-late", "default")).containsExactly(SECRET);
  }

  @Test
  void repairsDriftAndRollsANewCredentialOutEverywhere() throws Exception {
    for (String ns : List.of("team-a", "team-b", "team-c")) {
      h.namespaceWithDefaultAccount(ns);
    }
    h.issue("reg-1", "registry.example.com", "pw1", 1);
    loop = passes(ServiceAccountWiring.DEFAULT);
    loop.reconcileOnce();
    // someone deletes one secret, edits another's data, and drops the reference from an account
    h.api.deleteNamespacedSecret(SECRET, "team-a").execute();
    V1Secret edited = h.secret("team-b", SECRET);
    edited.putDataItem(".dockerconfigjson", "{\"auths\":{}}".getBytes(StandardCharsets.UTF_8));
    h.api.replaceNamespacedSecret(SECRET, "team-b", edited).execute();
    var account = h.api.readNamespacedServiceAccount("default", "team-c").execute();
    account.setImagePullSecrets(List.of());
    h.api.replaceNamespacedServiceAccount("default", "team-c", account).execute();
    h.k8s.resetCounts();

    ReconcileResult repaired = loop.reconcileOnce();

    assertThat(repaired.writes()).isEqualTo(3);
    assertThat(h.k8s.writeCount()).isEqualTo(3);
    assertThat(h.hasSecret("team-a", SECRET)).isTrue();
    assertThat(dockerConfig(h.secret("team-b", SECRET))).contains("\"password\":\"pw1\"");
    assertThat(h.pullSecretsOf("team-c", "default")).containsExactly(SECRET);

    h.issue("reg-1", "registry.example.com", "pw2", 2);
    ReconcileResult rotated = loop.reconcileOnce();

    assertThat(rotated.writes()).isEqualTo(3); // the secrets only: the references still hold
    for (String ns : List.of("team-a", "team-b", "team-c")) {
      V1Secret s = h.secret(ns, SECRET);
      assertThat(dockerConfig(s)).contains("\"password\":\"pw2\"");
      assertThat(s.getMetadata().getAnnotations()).containsEntry(Labels.GENERATION, "2");
    }
  }

  @Test
  void revocationDeletesItsSecretsAndRemovesExactlyTheReferencesItAdded() throws Exception {
    h.namespace("team-a", Map.of());
    h.serviceAccount("team-a", "default", "their-own");
    h.serviceAccount("team-a", "builder", "their-own");
    // team-b's owner referenced Portolan's secret by hand before Portolan came: not ours to remove
    h.namespace("team-b", Map.of());
    h.serviceAccount("team-b", "default", SECRET);
    h.issue("reg-1", "registry.example.com", "pw1", 1);
    loop = passes(ServiceAccountWiring.ALL);
    loop.reconcileOnce();
    assertThat(h.pullSecretsOf("team-a", "default")).containsExactly("their-own", SECRET);
    assertThat(h.pullSecretsOf("team-a", "builder")).containsExactly("their-own", SECRET);
    assertThat(h.pullSecretsOf("team-b", "default")).containsExactly(SECRET);

    h.revoke("reg-1");
    ReconcileResult revoked = loop.reconcileOnce();

    assertThat(h.hasSecret("team-a", SECRET)).isFalse();
    assertThat(h.hasSecret("team-b", SECRET)).isFalse();
    assertThat(h.pullSecretsOf("team-a", "default")).containsExactly("their-own");
    assertThat(h.pullSecretsOf("team-a", "builder")).containsExactly("their-own");
    assertThat(h.pullSecretsOf("team-b", "default")).containsExactly(SECRET);
    assertThat(
            h.api
                .readNamespacedServiceAccount("default", "team-a")
                .execute()
                .getMetadata()
                .getAnnotations())
        .doesNotContainKey(Labels.ADDED_PULL_SECRETS);
    assertThat(revoked.writes()).isEqualTo(4); // 2 deletes, 2 patches
    assertThat(loop.reconcileOnce().writes()).isZero();
  }

  @Test
  void aDeletedRegistryOrAWithdrawnGrantRemovesItsSecrets() throws Exception {
    h.namespaceWithDefaultAccount("team-a");
    h.registry("reg-2", "other", "other.example.com", CredentialAccess.ALL_CLUSTERS);
    h.issue("reg-1", "registry.example.com", "pw1", 1);
    h.issue("reg-2", "other.example.com", "pw1", 1);
    loop = passes(ServiceAccountWiring.NONE);
    loop.reconcileOnce();
    assertThat(h.hasSecret("team-a", "portolan-other")).isTrue();

    h.deleteRegistry("reg-2", "other", "other.example.com");
    h.registry(
        "reg-1",
        2,
        "team",
        "registry.example.com",
        new CredentialAccess(AccessMode.SAME_AS_REGISTRY, null, false, List.of("staging"), null));
    loop.reconcileOnce();

    assertThat(h.hasSecret("team-a", "portolan-other")).isFalse();
    assertThat(h.hasSecret("team-a", SECRET)).isFalse();
  }

  @Test
  void leavesASecretItDoesNotManageAloneAndReportsTheClash() throws Exception {
    h.namespaceWithDefaultAccount("team-a");
    h.namespaceWithDefaultAccount("team-b");
    h.api
        .createNamespacedSecret(
            "team-b",
            new V1Secret()
                .apiVersion("v1")
                .kind("Secret")
                .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta().name(SECRET))
                .putDataItem("mine", "not yours".getBytes(StandardCharsets.UTF_8)))
        .execute();
    h.issue("reg-1", "registry.example.com", "pw1", 1);
    h.k8s.resetCounts();

    ReconcileResult result = passes(ServiceAccountWiring.DEFAULT).reconcileOnce();

    assertThat(result.current().get("reg-1")).containsExactly("team-a");
    assertThat(result.failed().get("reg-1"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.namespace()).isEqualTo("team-b");
              assertThat(f.reason()).contains("not managed by Portolan");
            });
    V1Secret theirs = h.secret("team-b", SECRET);
    assertThat(theirs.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(theirs.getData()).containsOnlyKeys("mine");
    assertThat(h.pullSecretsOf("team-b", "default")).isEmpty(); // not wired to someone else's
    assertThat(h.k8s.requests())
        .filteredOn(r -> r.isWrite() && r.path().contains("/namespaces/team-b/"))
        .isEmpty();
    InjectionStatus status = h.statuses.get(h.statuses.size() - 1);
    assertThat(status.failed())
        .extracting(InjectionStatus.NamespaceFailure::namespace)
        .containsExactly("team-b");
  }

  @Test
  void oneFailingNamespaceDoesNotStopTheOthersAndIsReportedWithTheReason() throws Exception {
    for (String ns : List.of("team-a", "team-b", "team-c")) {
      h.namespaceWithDefaultAccount(ns);
    }
    h.issue("reg-1", "registry.example.com", "pw1", 1);
    h.k8s.inject(
        new KubernetesStandIn.Fault(
            r -> r.method().equals("POST") && r.path().contains("/namespaces/team-b/secrets"),
            503,
            null));

    ReconcileResult result = passes(ServiceAccountWiring.DEFAULT).reconcileOnce();

    assertThat(result.current().get("reg-1")).containsExactly("team-a", "team-c");
    assertThat(result.failed().get("reg-1"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.namespace()).isEqualTo("team-b");
              assertThat(f.reason()).contains("503").contains("after 3 attempts");
            });
    assertThat(h.k8s.faultHits()).isEqualTo(3); // retried, then given up
    assertThat(result.wantsFollowUp()).isTrue();

    h.k8s.clearFaults();
    ReconcileResult healed = loop.reconcileOnce();
    assertThat(healed.current().get("reg-1")).containsExactly("team-a", "team-b", "team-c");
  }

  @Test
  void waitsAsLongAsRetryAfterSaysOnA429() throws Exception {
    h.namespaceWithDefaultAccount("team-a");
    h.issue("reg-1", "registry.example.com", "pw1", 1);
    h.k8s.resetCounts();
    AtomicInteger left = new AtomicInteger(1);
    h.k8s.inject(
        new KubernetesStandIn.Fault(
            r -> r.method().equals("POST") && left.getAndDecrement() > 0, 429, "2"));
    long started = System.nanoTime();

    ReconcileResult result = passes(ServiceAccountWiring.NONE).reconcileOnce();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(2));
    assertThat(result.current().get("reg-1")).containsExactly("team-a");
    List<String> posts = new ArrayList<>();
    h.k8s.requests().stream()
        .filter(r -> r.method().equals("POST"))
        .forEach(r -> posts.add(r.path()));
    assertThat(posts).hasSize(2);
  }

  @Test
  void referencesAUserManagedSecretAndReportsWhereItIsMissing() throws Exception {
    h.registry(
        "reg-ext",
        "corp",
        "corp.example.com",
        new CredentialAccess(AccessMode.IMAGE_PULL_SECRET_NAME, "corp-pull", true, null, null));
    h.namespaceWithDefaultAccount("team-a");
    h.namespaceWithDefaultAccount("team-b");
    h.api
        .createNamespacedSecret(
            "team-a",
            new V1Secret()
                .apiVersion("v1")
                .kind("Secret")
                .type("kubernetes.io/dockerconfigjson")
                .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta().name("corp-pull"))
                .putDataItem(".dockerconfigjson", "{}".getBytes(StandardCharsets.UTF_8)))
        .execute();
    h.k8s.resetCounts();

    ReconcileResult result = passes(ServiceAccountWiring.DEFAULT).reconcileOnce();

    assertThat(result.current().get("reg-ext")).containsExactly("team-a");
    assertThat(result.failed().get("reg-ext"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.namespace()).isEqualTo("team-b");
              assertThat(f.reason()).contains("corp-pull does not exist");
            });
    assertThat(h.pullSecretsOf("team-a", "default")).containsExactly("corp-pull");
    assertThat(h.pullSecretsOf("team-b", "default")).containsExactly("corp-pull");
    // it wrote no Secret: only the two references
    assertThat(h.k8s.requests())
        .filteredOn(r -> r.isWrite() && r.path().contains("/secrets"))
        .isEmpty();
    assertThat(h.hasSecret("team-b", "corp-pull")).isFalse();
  }

  @Test
  void reportsStatusOnChangeAndAsAHeartbeat() throws Exception {
    h.namespaceWithDefaultAccount("team-a");
    h.issue("reg-1", "registry.example.com", "pw1", 1);
    loop =
        h.loop(
            ServiceAccountWiring.DEFAULT, Duration.ofHours(1), Duration.ofMillis(300), () -> true);
    loop.start();
    loop.requestReconcile();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> h.statuses.stream().filter(InjectionStatus::heartbeat).count() >= 2);

    List<InjectionStatus> changes = h.statuses.stream().filter(s -> !s.heartbeat()).toList();
    assertThat(changes).hasSize(1); // the heartbeats repeat it; nothing changed
    InjectionStatus first = changes.get(0);
    assertThat(first.clusterId()).isEqualTo("prod");
    assertThat(first.registryId()).isEqualTo("reg-1");
    assertThat(first.generation()).isEqualTo(1);
    assertThat(first.current()).containsExactly("team-a");
    assertThat(first.expiresAt()).isNotNull();
    assertThat(h.statuses.stream().filter(InjectionStatus::heartbeat))
        .allSatisfy(s -> assertThat(s.current()).containsExactly("team-a"));
  }

  @Test
  void sendsNoHeartbeatWhileTheApiServerCannotBeRead() throws Exception {
    h.namespaceWithDefaultAccount("team-a");
    h.issue("reg-1", "registry.example.com", "pw1", 1);
    loop =
        h.loop(
            ServiceAccountWiring.DEFAULT,
            Duration.ofMillis(200),
            Duration.ofMillis(300),
            () -> true);
    loop.start();
    loop.requestReconcile();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> h.statuses.stream().anyMatch(InjectionStatus::heartbeat));

    h.k8s.inject(new KubernetesStandIn.Fault(r -> true, 503, null));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> loop.lastResult() != null && loop.lastResult().clusterError() != null);
    int reported = h.statuses.size();

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> h.statuses.size() == reported);
  }

  @Test
  void aReplicaThatDoesNotLeadWritesNothing() throws Exception {
    h.namespaceWithDefaultAccount("team-a");
    h.issue("reg-1", "registry.example.com", "pw1", 1);
    h.k8s.resetCounts();
    loop = h.loop(ServiceAccountWiring.DEFAULT, Duration.ofMillis(100), () -> false).start();
    loop.requestReconcile();

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> loop.passes() == 0 && h.k8s.writeCount() == 0);
  }
}
