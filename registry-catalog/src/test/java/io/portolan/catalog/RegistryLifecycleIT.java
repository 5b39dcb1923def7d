package io.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.portolan.catalog.registry.RegistryService;
import io.portolan.events.RegistryChanged;
import io.portolan.events.Topic;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.testkit.EventRecorder;
import io.portolan.testkit.LogCapture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a platform team relies on when it edits registries: replace and merge-patch semantics,
 * secrets kept or removed on purpose, optimistic concurrency, one default registry, filters and
 * paging, deletes that reach consumers, and an audit log that never holds a secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryLifecycleIT {
  private CatalogFixture catalog;
  private Api admin;
  private EventRecorder events;

  @BeforeAll
  void start() {
    catalog = CatalogFixture.start(new CatalogTestProperties(RegistryLifecycleIT.class), Map.of());
    admin = catalog.admin();
    events = EventRecorder.start(catalog.test.kafka, Topic.REGISTRY_CHANGES);
  }

  @AfterAll
  void stop() {
    events.close();
    catalog.close();
  }

  private static String other(String name, String password) {
    return """
        {"name":"%s","provider":"OTHER","url":"registry.example.com/%s",
         "credentials":{"username":"robot","password":"%s"}}
        """
        .formatted(name, name, password);
  }

  private String create(String body) {
    HttpResponse<String> created = admin.post("/api/v1/registries", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return Api.json(created).get("id").asText();
  }

  private HttpResponse<String> patch(String id, String patch, String... headers) {
    List<String> all = new ArrayList<>(List.of("Content-Type", "application/merge-patch+json"));
    all.addAll(List.of(headers));
    return admin.sendBytes(
        "PATCH",
        "/api/v1/registries/" + id,
        patch.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        all.toArray(String[]::new));
  }

  private RootCredentials rootCredentialsAt(String id, long revision) throws Exception {
    RegistryChanged event =
        events.await(
            RegistryChanged.class, e -> e.registryId().equals(id) && e.revision() == revision);
    return catalog
        .test
        .minterKeys
        .opener()
        .openJson(
            event.rootCredentials(), RegistryService.rootSealingContext(id), RootCredentials.class);
  }

  @Test
  void aPatchThatLeavesTheSecretOutKeepsIt() throws Exception {
    String id = create(other("keeps-secret", "first-password"));

    HttpResponse<String> patched = patch(id, "{\"credentials\":{\"username\":\"robot-2\"}}");

    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    JsonNode body = Api.json(patched);
    assertThat(body.get("revision").asLong()).isEqualTo(2);
    assertThat(body.at("/credentials/username").asText()).isEqualTo("robot-2");
    assertThat(body.at("/credentials/secretsSet").toString()).contains("credentials.password");
    RootCredentials root = rootCredentialsAt(id, 2);
    assertThat(root.username()).isEqualTo("robot-2");
    assertThat(root.password()).isEqualTo("first-password");
  }

  @Test
  void aReplaceThatLeavesTheSecretOutKeepsItAndANewValueReplacesIt() throws Exception {
    String id = create(other("replace-secret", "old-password"));
    String withoutPassword =
        """
        {"name":"replace-secret","provider":"OTHER","url":"registry.example.com/moved",
         "credentials":{"username":"robot"}}
        """;

    HttpResponse<String> replaced = admin.send("PUT", "/api/v1/registries/" + id, withoutPassword);
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    assertThat(Api.json(replaced).get("url").asText()).isEqualTo("registry.example.com/moved");
    assertThat(rootCredentialsAt(id, 2).password()).isEqualTo("old-password");

    HttpResponse<String> rotated =
        admin.send("PUT", "/api/v1/registries/" + id, other("replace-secret", "new-password"));
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    assertThat(rootCredentialsAt(id, 3).password()).isEqualTo("new-password");
  }

  @Test
  void makingARegistryPublicWithTheSecretSetToNullRemovesIt() {
    String id = create(other("goes-public", "to-be-removed"));

    HttpResponse<String> patched =
        patch(
            id,
            "{\"visibility\":\"PUBLIC\",\"credentials\":{\"username\":null,\"password\":null}}");

    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(Api.json(patched).at("/credentials/secretsSet").size()).isZero();
    RegistryChanged event =
        events.await(RegistryChanged.class, e -> e.registryId().equals(id) && e.revision() == 2);
    assertThat(event.rootCredentials()).isNull();
  }

  @Test
  void anUpdateThatChangesNothingKeepsTheRevisionAndAnnouncesNothing() throws Exception {
    String id = create(other("unchanged", "same"));
    events.await(RegistryChanged.class, e -> e.registryId().equals(id));
    String before = catalog.storedState();

    HttpResponse<String> samePatch = patch(id, "{\"credentials\":{\"username\":\"robot\"}}");
    HttpResponse<String> sameReplace =
        admin.send("PUT", "/api/v1/registries/" + id, other("unchanged", "same"));

    assertThat(samePatch.statusCode()).isEqualTo(200);
    assertThat(Api.json(samePatch).get("revision").asLong()).isEqualTo(1);
    // the same password sent again is the same secret: still nothing to change
    assertThat(Api.json(sameReplace).get("revision").asLong()).isEqualTo(1);
    assertThat(catalog.storedState()).isEqualTo(before);
  }

  @Test
  void aStaleIfMatchIsRefusedWith412AndTheCurrentOneIsAccepted() {
    String id = create(other("concurrent", "p"));
    HttpResponse<String> first = patch(id, "{\"organization\":\"one\"}", "If-Match", "\"1\"");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("ETag")).contains("\"2\"");

    HttpResponse<String> stale = patch(id, "{\"organization\":\"two\"}", "If-Match", "\"1\"");
    HttpResponse<String> staleDelete =
        admin.send("DELETE", "/api/v1/registries/" + id, null, "If-Match", "\"1\"");

    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(Api.json(stale).get("detail").asText()).contains("revision is 2");
    assertThat(staleDelete.statusCode()).isEqualTo(412);
    assertThat(Api.json(admin.get("/api/v1/registries/" + id)).get("organization").asText())
        .isEqualTo("one");
  }

  @Test
  void makingARegistryDefaultClearsTheOldDefaultAndAnnouncesBoth() {
    String first =
        create(other("default-a", "p").replace("\"name\"", "\"defaultRegistry\":true,\"name\""));
    String second = create(other("default-b", "p"));

    HttpResponse<String> switched = patch(second, "{\"defaultRegistry\":true}");

    assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
    JsonNode defaults = Api.json(admin.get("/api/v1/registries?default=true"));
    assertThat(defaults.get("total").asLong()).isEqualTo(1);
    assertThat(defaults.at("/items/0/id").asText()).isEqualTo(second);
    RegistryChanged cleared =
        events.await(RegistryChanged.class, e -> e.registryId().equals(first) && e.revision() == 2);
    assertThat(cleared.registry().defaultRegistry()).isFalse();
    RegistryChanged made =
        events.await(
            RegistryChanged.class, e -> e.registryId().equals(second) && e.revision() == 2);
    assertThat(made.registry().defaultRegistry()).isTrue();
  }

  @Test
  void ecrRepositoryCreationIsShownAnnouncedKeptByPatchesAndCanBeTurnedOff() {
    String id =
        create(
            """
            {"name":"ecr-creates","provider":"ECR",
             "url":"123456789012.dkr.ecr.eu-west-1.amazonaws.com",
             "credentials":{"accessKeyId":"AKIAEXAMPLE","secretAccessKey":"s3cr3t",
                            "createRepositories":true},
             "usage":{"pushHelm":true}}
            """);

    assertThat(
            Api.json(admin.get("/api/v1/registries/" + id)).at("/credentials/createRepositories"))
        .hasToString("true");
    assertThat(
            events
                .await(RegistryChanged.class, e -> e.registryId().equals(id) && e.revision() == 1)
                .registry()
                .settings()
                .createsRepositories())
        .isTrue();

    HttpResponse<String> unrelated = patch(id, "{\"usage\":{\"chartRepository\":true}}");
    assertThat(unrelated.statusCode()).as(unrelated.body()).isEqualTo(200);
    assertThat(Api.json(unrelated).at("/credentials/createRepositories")).hasToString("true");

    HttpResponse<String> off = patch(id, "{\"credentials\":{\"createRepositories\":false}}");
    assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
    assertThat(Api.json(off).at("/credentials/createRepositories").isMissingNode()).isTrue();
    assertThat(
            events
                .await(RegistryChanged.class, e -> e.registryId().equals(id) && e.revision() == 3)
                .registry()
                .settings()
                .createsRepositories())
        .isFalse();
  }

  @Test
  void listsFilterAndPageByName() {
    for (int i = 0; i < 5; i++) {
      create(other("paged-" + i, "p"));
    }
    create(
        """
        {"name":"paged-ecr","provider":"ECR","url":"123456789012.dkr.ecr.eu-west-1.amazonaws.com",
         "credentials":{"authMode":"IAM_ROLE","region":"eu-west-1"},
         "usage":{"pushHelm":true,"chartRepository":true}}
        """);

    JsonNode page0 = Api.json(admin.get("/api/v1/registries?name=paged&size=4"));
    JsonNode page1 = Api.json(admin.get("/api/v1/registries?name=paged&size=4&page=1"));
    JsonNode ecr = Api.json(admin.get("/api/v1/registries?name=paged&provider=ecr"));
    JsonNode charts =
        Api.json(admin.get("/api/v1/registries?name=paged&chartRepository=true&pushHelm=true"));

    assertThat(page0.get("total").asLong()).isEqualTo(6);
    assertThat(names(page0)).containsExactly("paged-0", "paged-1", "paged-2", "paged-3");
    assertThat(names(page1)).containsExactly("paged-4", "paged-ecr");
    assertThat(names(ecr)).containsExactly("paged-ecr");
    assertThat(names(charts)).containsExactly("paged-ecr");
  }

  private static List<String> names(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.get("items").forEach(item -> names.add(item.get("name").asText()));
    return names;
  }

  @Test
  void deletingARegistryAnnouncesItAndItIsGone() {
    String id = create(other("to-delete", "p"));

    HttpResponse<String> deleted =
        admin.send("DELETE", "/api/v1/registries/" + id, null, "If-Match", "\"1\"");

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(admin.get("/api/v1/registries/" + id).statusCode()).isEqualTo(404);
    RegistryChanged event =
        events.await(RegistryChanged.class, e -> e.registryId().equals(id) && e.deleted());
    assertThat(event.revision()).isEqualTo(2);
    assertThat(event.registry().name()).isEqualTo("to-delete");
    assertThat(admin.send("DELETE", "/api/v1/registries/" + id, null).statusCode()).isEqualTo(404);
  }

  @Test
  void theAuditLogSaysWhoChangedWhichFieldsAndNeverTheSecret() {
    String id = create(other("audited", "audit-secret-1"));
    patch(id, "{\"organization\":\"platform\",\"credentials\":{\"password\":\"audit-secret-2\"}}");
    admin.send("DELETE", "/api/v1/registries/" + id, null);

    HttpResponse<String> log = admin.get("/api/v1/audit?targetId=" + id);

    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(log.body()).doesNotContain("audit-secret");
    JsonNode entries = Api.json(log);
    assertThat(entries).hasSize(3);
    JsonNode updated = entries.get(1);
    assertThat(entries.get(0).get("action").asText()).isEqualTo("registry.deleted");
    assertThat(updated.get("action").asText()).isEqualTo("registry.updated");
    assertThat(updated.get("actor").asText()).isEqualTo("token:bootstrap-admin");
    assertThat(updated.get("targetName").asText()).isEqualTo("audited");
    assertThat(updated.at("/details/changed").toString()).contains("organization");
    assertThat(updated.at("/details/secretsChanged").toString()).contains("credentials.password");
    assertThat(entries.get(2).get("action").asText()).isEqualTo("registry.created");
  }

  @Test
  void noSecretReachesTheLogs() {
    try (LogCapture logs = new LogCapture()) {
      String id = create(other("logged", "log-secret-1"));
      patch(id, "{\"credentials\":{\"password\":\"log-secret-2\"}}");
      admin.send("PUT", "/api/v1/registries/" + id, other("logged", "log-secret-3"));
      patch(id, "{\"credentials\":{\"password\":7}}"); // refused: a number
      admin.post("/api/v1/registries/" + id + "/test-connection", "");
      admin.send("DELETE", "/api/v1/registries/" + id, null);
      admin.post("/api/v1/registries", "{\"name\":\"x\",\"password\":\"log-secret-4\"}");

      assertThat(logs.lines()).isNotEmpty();
      assertThat(logs.text()).doesNotContain("log-secret").doesNotContain(catalog.test.adminToken);
    }
  }

  @Test
  void eventsOfOneRegistryArriveInRevisionOrder() {
    String id = create(other("ordered", "p"));
    for (int i = 0; i < 20; i++) {
      assertThat(patch(id, "{\"organization\":\"org-" + i + "\"}").statusCode()).isEqualTo(200);
    }

    events.await(
        RegistryChanged.class,
        e -> e.registryId().equals(id) && e.revision() == 21,
        Duration.ofSeconds(30));
    List<Long> revisions =
        events.all(RegistryChanged.class).stream()
            .filter(e -> e.registryId().equals(id))
            .map(RegistryChanged::revision)
            .toList();
    assertThat(revisions).isSorted().doesNotHaveDuplicates().hasSize(21);
  }
}
