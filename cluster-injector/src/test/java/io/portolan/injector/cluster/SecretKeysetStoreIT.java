package io.portolan.injector.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.ClientBuilder;
import io.portolan.injector.pullsecret.Labels;
import io.portolan.sealing.SealingKeys;
import io.portolan.testkit.KubernetesStandIn;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The injector's key pair kept in a Secret of its own namespace. */
class SecretKeysetStoreIT {
  @Test
  void createsTheKeyPairOnceAndEveryReplicaOrRestartReadsTheSameOne() throws Exception {
    try (KubernetesStandIn k8s = KubernetesStandIn.start()) {
      ApiClient client = ClientBuilder.standard(false).setBasePath(k8s.baseUrl()).build();

      SealingKeys first =
          new SecretKeysetStore(client, "portolan", "portolan-injector-keyset").loadOrCreate();
      SealingKeys again =
          new SecretKeysetStore(client, "portolan", "portolan-injector-keyset").loadOrCreate();

      assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
      V1Secret stored =
          new CoreV1Api(client)
              .readNamespacedSecret("portolan-injector-keyset", "portolan")
              .execute();
      assertThat(stored.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, "portolan");
      assertThat(stored.getData()).containsOnlyKeys(SecretKeysetStore.KEY);
      // a box sealed to the first key opens with the key read back
      var box = first.sealer().seal("x".getBytes(StandardCharsets.UTF_8), "ctx");
      assertThat(again.opener().open(box, "ctx")).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
    }
  }
}
