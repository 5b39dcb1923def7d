package io.portolan.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.portolan.events.EventJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The test kit's registries behave like the real thing: each auth variant challenges as it should.
 */
class RegistryServerIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void anonymousRegistryAnswersWithoutCredentials() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.ANONYMOUS);

    assertThat(get(registry.baseUrl() + "/v2/", null).statusCode()).isEqualTo(200);
  }

  @Test
  void htpasswdRegistryChallengesWithBasicAndAcceptsItsUsersOnly() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.HTPASSWD);

    HttpResponse<String> challenge = get(registry.baseUrl() + "/v2/", null);
    assertThat(challenge.statusCode()).isEqualTo(401);
    assertThat(challenge.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
    assertThat(get(registry.baseUrl() + "/v2/", basic(registry.admin())).statusCode())
        .isEqualTo(200);
    assertThat(
            get(
                    registry.baseUrl() + "/v2/",
                    basic(new RegistryUser(registry.admin().username(), "wrong", true)))
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void tokenRegistryChallengesWithBearerAndTrustsTheTokenServiceOnly() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.TOKEN);

    HttpResponse<String> challenge = get(registry.baseUrl() + "/v2/", null);
    assertThat(challenge.statusCode()).isEqualTo(401);
    String header = challenge.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(header)
        .startsWith("Bearer realm=\"" + registry.tokenServer().realm() + "\"")
        .contains("service=\"" + TokenServer.SERVICE + "\"");

    String scope = "repository:kit/check:pull,push";
    String adminToken = token(registry, registry.admin(), scope);
    HttpResponse<String> upload =
        post(registry.baseUrl() + "/v2/kit/check/blobs/uploads/", adminToken);
    assertThat(upload.statusCode()).isEqualTo(202);

    String readerToken = token(registry, registry.reader(), scope);
    assertThat(post(registry.baseUrl() + "/v2/kit/check/blobs/uploads/", readerToken).statusCode())
        .isEqualTo(401);
    assertThat(
            get(registry.baseUrl() + "/v2/kit/check/tags/list", "Bearer " + readerToken)
                .statusCode())
        .isIn(200, 404); // authorized to pull; the repository may not exist yet

    String forged = adminToken.substring(0, adminToken.lastIndexOf('.') + 1) + "AAAA";
    assertThat(post(registry.baseUrl() + "/v2/kit/check/blobs/uploads/", forged).statusCode())
        .isEqualTo(401);
  }

  @Test
  void tokenServiceRefusesWrongPasswords() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.TOKEN);
    String url =
        registry.tokenServer().realm()
            + "?service="
            + TokenServer.SERVICE
            + "&scope=repository:a:pull";

    HttpResponse<String> response =
        get(url, basic(new RegistryUser(registry.admin().username(), "nope", true)));

    assertThat(response.statusCode()).isEqualTo(401);
  }

  private String token(RegistryServer registry, RegistryUser user, String scope) throws Exception {
    String url =
        registry.tokenServer().realm()
            + "?service="
            + TokenServer.SERVICE
            + "&scope="
            + URLEncoder.encode(scope, StandardCharsets.UTF_8);
    HttpResponse<String> response = get(url, basic(user));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = EventJson.mapper().readTree(response.body());
    assertThat(body.get("expires_in").asInt()).isGreaterThanOrEqualTo(60);
    return body.get("token").asText();
  }

  private HttpResponse<String> get(String url, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(RegistryUser user) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (user.username() + ":" + user.password()).getBytes(StandardCharsets.UTF_8));
  }
}
