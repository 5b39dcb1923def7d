package io.portolan.injector.pullsecret;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.ClientBuilder;
import io.portolan.injector.pullsecret.kubernetes.KubernetesPullSecretWriter;
import io.portolan.testkit.KubernetesStandIn;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconcile against the Kubernetes stand-in, through the official client. */
class ReconcilerIT {
  private KubernetesStandIn k8s;
  private CoreV1Api api;
  private Reconciler reconciler;

  @BeforeEach
  void start() throws Exception {
    k8s = KubernetesStandIn.start();
    ApiClient client = ClientBuilder.standard(false).setBasePath(k8s.baseUrl()).build();
    api = new CoreV1Api(client);
    reconciler = new Reconciler(new KubernetesPullSecretWriter(client, "prod"));
    for (String ns : List.of("team-a", "team-b", "team-c")) {
      api.createNamespace(
              new V1Namespace()
                  .apiVersion("v1")
                  .kind("Namespace")
                  .metadata(new V1ObjectMeta().name(ns)))
          .execute();
    }
    k8s.resetCounts();
  }

  @AfterEach
  void stop() {
    k8s.close();
  }

  private static List<DesiredSecret> desired(
      List<String> namespaces, String password, long generation) {
    byte[] json = DockerConfigJson.of("registry.example.com", "robot", password);
    List<DesiredSecret> all = new ArrayList<>();
    for (String ns : namespaces) {
      all.add(
          new DesiredSecret(
              ns,
              "portolan-team",
              "reg-1",
              "team",
              generation,
              Instant.parse("2026-11-21T00:00:00Z"),
              json,
              DockerConfigJson.sha256(json)));
    }
    return all;
  }

  @Test
  void writesEachNamespaceOnceThenNothingWhileNothingChanges() throws Exception {
    ReconcileResult first =
        reconciler.reconcile(
            desired(List.of("team-a", "team-b", "team-c"), "pw1", 1), Set.of("reg-1"));
    assertThat(first.writes()).isEqualTo(3);
    assertThat(first.current().get("reg-1"))
        .containsExactlyInAnyOrder("team-a", "team-b", "team-c");
    V1Secret written = api.readNamespacedSecret("portolan-team", "team-b").execute();
    assertThat(written.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(new String(written.getData().get(".dockerconfigjson"), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"auths\":{\"registry.example.com\":{\"username\":\"robot\",\"password\":\"pw1\","
                + "\"auth\":\"cm9ib3Q6cHcx\"}}}");
    assertThat(written.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, "portolan");
    assertThat(written.getMetadata().getAnnotations()).containsEntry(Labels.GENERATION, "1");
    k8s.resetCounts();

    ReconcileResult second =
        reconciler.reconcile(
            desired(List.of("team-a", "team-b", "team-c"), "pw1", 1), Set.of("reg-1"));

    assertThat(second.writes()).isZero();
    assertThat(k8s.writeCount()).isZero();
  }

  @Test
  void restoresADeletedOrEditedSecretAndUpdatesOnANewCredential() throws Exception {
    reconciler.reconcile(desired(List.of("team-a", "team-b"), "pw1", 1), Set.of("reg-1"));
    api.deleteNamespacedSecret("portolan-team", "team-a").execute();
    V1Secret edited = api.readNamespacedSecret("portolan-team", "team-b").execute();
    edited.getMetadata().getAnnotations().put(Labels.CONTENT_HASH, "tampered");
    api.replaceNamespacedSecret("portolan-team", "team-b", edited).execute();

    ReconcileResult repaired =
        reconciler.reconcile(desired(List.of("team-a", "team-b"), "pw1", 1), Set.of("reg-1"));
    assertThat(repaired.writes()).isEqualTo(2);

    ReconcileResult rotated =
        reconciler.reconcile(desired(List.of("team-a", "team-b"), "pw2", 2), Set.of("reg-1"));
    assertThat(rotated.writes()).isEqualTo(2);
    assertThat(
            api.readNamespacedSecret("portolan-team", "team-a")
                .execute()
                .getMetadata()
                .getAnnotations())
        .containsEntry(Labels.GENERATION, "2");
  }

  @Test
  void leavesASecretItDoesNotManageAloneAndReportsTheClash() throws Exception {
    api.createNamespacedSecret(
            "team-b",
            new V1Secret()
                .apiVersion("v1")
                .kind("Secret")
                .metadata(new V1ObjectMeta().name("portolan-team"))
                .putStringDataItem("mine", "not yours"))
        .execute();
    k8s.resetCounts();

    ReconcileResult result =
        reconciler.reconcile(desired(List.of("team-a", "team-b"), "pw1", 1), Set.of("reg-1"));

    assertThat(result.current().get("reg-1")).containsExactly("team-a");
    assertThat(result.failed().get("reg-1"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.namespace()).isEqualTo("team-b");
              assertThat(f.reason()).contains("not managed by Portolan");
            });
    V1Secret theirs = api.readNamespacedSecret("portolan-team", "team-b").execute();
    assertThat(theirs.getMetadata().getLabels()).doesNotContainKey(Labels.MANAGED_BY);
    assertThat(theirs.getStringData()).containsEntry("mine", "not yours");
    assertThat(theirs.getType()).isNull();
    assertThat(k8s.writeCount()).isEqualTo(1); // only team-a's create
  }

  @Test
  void deletesItsSecretsWhenTheCredentialIsRevoked() throws Exception {
    reconciler.reconcile(desired(List.of("team-a", "team-b"), "pw1", 1), Set.of("reg-1"));

    ReconcileResult revoked = reconciler.reconcile(List.of(), Set.of());

    assertThat(revoked.writes()).isEqualTo(2);
    assertThat(api.listSecretForAllNamespaces().execute().getItems()).isEmpty();
  }
}
