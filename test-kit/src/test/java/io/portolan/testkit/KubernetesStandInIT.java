package io.portolan.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class KubernetesStandInIT {
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void storesObjectsListsThemByLabelAndCountsWrites() throws Exception {
    try (KubernetesStandIn k8s = KubernetesStandIn.start()) {
      send(
          k8s,
          "POST",
          "/api/v1/namespaces",
          "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"team-a\"}}");
      send(
          k8s,
          "POST",
          "/api/v1/namespaces/team-a/secrets",
          "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s1\","
              + "\"labels\":{\"app.kubernetes.io/managed-by\":\"portolan\"}},\"data\":{}}");
      send(
          k8s,
          "POST",
          "/api/v1/namespaces/team-a/secrets",
          "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s2\"},\"data\":{}}");

      HttpResponse<String> managed =
          send(
              k8s,
              "GET",
              "/api/v1/secrets?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dportolan",
              null);

      assertThat(managed.statusCode()).isEqualTo(200);
      assertThat(managed.body()).contains("\"s1\"").doesNotContain("\"s2\"");
      assertThat(k8s.writeCount()).isEqualTo(3);
    }
  }

  @Test
  void answersInjectedFaultsForMatchingRequestsOnly() throws Exception {
    try (KubernetesStandIn k8s = KubernetesStandIn.start()) {
      k8s.inject(
          new KubernetesStandIn.Fault(r -> r.path().contains("/namespaces/broken/"), 500, null));
      send(
          k8s,
          "POST",
          "/api/v1/namespaces",
          "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"fine\"}}");

      HttpResponse<String> failed =
          send(
              k8s,
              "POST",
              "/api/v1/namespaces/broken/secrets",
              "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\"}}");
      HttpResponse<String> ok =
          send(
              k8s,
              "POST",
              "/api/v1/namespaces/fine/secrets",
              "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\"}}");

      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(ok.statusCode()).isEqualTo(201);
      assertThat(k8s.faultHits()).isEqualTo(1);
    }
  }

  private HttpResponse<String> send(KubernetesStandIn k8s, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(k8s.baseUrl() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
