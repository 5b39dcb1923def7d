package io.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.portolan.catalog.auth.ApiTokens;
import io.portolan.catalog.auth.Roles;
import io.portolan.catalog.registry.RegistryService;
import io.portolan.events.RegistryChanged;
import io.portolan.events.Topic;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.testkit.EventRecorder;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryApiIT implements TestPropertyProvider {
  private final CatalogTestProperties test = new CatalogTestProperties(RegistryApiIT.class);
  private EventRecorder events;
  private Api admin;

  @Inject EmbeddedServer server;
  @Inject ApiTokens tokens;

  @Override
  public Map<String, String> getProperties() {
    return test.properties();
  }

  @BeforeAll
  void start() {
    events = EventRecorder.start(test.kafka, Topic.REGISTRY_CHANGES);
    admin = new Api(server.getURL().toString(), test.adminToken);
  }

  @AfterAll
  void stop() {
    events.close();
  }

  private static String otherRegistry(String name, String password) {
    return """
        {"name":"%s","provider":"OTHER","url":"127.0.0.1:5000/team",
         "credentials":{"username":"robot","password":"%s"},
         "tls":{"mode":"INSECURE"}}
        """
        .formatted(name, password);
  }

  @Test
  void createsARegistryAndAnnouncesItWithCredentialsSealedToTheMinter() throws Exception {
    HttpResponse<String> created =
        admin.post("/api/v1/registries", otherRegistry("team-a", "hunter2-a"));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).doesNotContain("hunter2");
    JsonNode body = Api.json(created);
    String id = body.get("id").asText();
    assertThat(body.get("revision").asLong()).isEqualTo(1);
    assertThat(body.at("/credentials/username").asText()).isEqualTo("robot");
    assertThat(body.at("/credentials/secretsSet").toString()).contains("credentials.password");
    assertThat(created.headers().firstValue("ETag")).contains("\"1\"");

    RegistryChanged event = events.await(RegistryChanged.class, e -> e.registryId().equals(id));
    assertThat(event.revision()).isEqualTo(1);
    assertThat(event.deleted()).isFalse();
    assertThat(event.registry().name()).isEqualTo("team-a");
    assertThat(event.rootCredentials().ciphertext()).doesNotContain("hunter2");
    RootCredentials root =
        test.minterKeys
            .opener()
            .openJson(
                event.rootCredentials(),
                RegistryService.rootSealingContext(id),
                RootCredentials.class);
    assertThat(root.password()).isEqualTo("hunter2-a");

    HttpResponse<String> read = admin.get("/api/v1/registries/" + id);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).doesNotContain("hunter2");
  }

  @Test
  void refusesRequestsWithoutAValidToken() {
    HttpResponse<String> none = admin.as(null).get("/api/v1/registries");
    HttpResponse<String> wrong = admin.as("ptl_not-a-token").get("/api/v1/registries");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
  }

  @Test
  void viewersReadButCannotChangeAnything() {
    String viewer = tokens.create("viewer-test", Roles.VIEWER, "test").token().reveal();

    assertThat(admin.as(viewer).get("/api/v1/registries").statusCode()).isEqualTo(200);
    assertThat(
            admin
                .as(viewer)
                .post("/api/v1/registries", otherRegistry("by-viewer", "x"))
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void refusesAUrlWithASchemeNamingTheFieldAndWhatToDo() {
    HttpResponse<String> refused =
        admin.post(
            "/api/v1/registries",
            """
            {"name":"schemed","provider":"OTHER","url":"https://registry.example.com",
             "credentials":{"username":"u","password":"p"}}
            """);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = Api.json(refused);
    assertThat(problem.get("type").asText()).isEqualTo("urn:portolan:problem:invalid-request");
    assertThat(problem.at("/errors/0/field").asText()).isEqualTo("url");
    assertThat(problem.at("/errors/0/hint").asText()).contains("drop 'https://'");
  }

  @Test
  void refusesADuplicateNameWithAConflict() {
    assertThat(admin.post("/api/v1/registries", otherRegistry("twice", "p1")).statusCode())
        .isEqualTo(201);

    HttpResponse<String> second = admin.post("/api/v1/registries", otherRegistry("twice", "p2"));

    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(Api.json(second).at("/errors/0/field").asText()).isEqualTo("name");
  }

  @Test
  void onlyHealthAnswersWithoutAToken() {
    // DOWN (503) until the consumers have caught up with their topics after start
    HttpResponse<String> health =
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(30))
            .until(() -> admin.as(null).get("/health"), r -> r.statusCode() == 200);
    String viewer = tokens.create("metrics-scraper", Roles.VIEWER, "test").token().reveal();

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
    assertThat(admin.as(null).get("/prometheus").statusCode()).isEqualTo(401);
    HttpResponse<String> metrics = admin.as(viewer).get("/prometheus");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");
  }
}
