package io.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portolan.catalog.registry.RegistryService;
import io.portolan.events.Capability;
import io.portolan.events.ConsumerAnnounced;
import io.portolan.events.ConsumerKind;
import io.portolan.events.EventCodec;
import io.portolan.events.RegistryChanged;
import io.portolan.events.Topic;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.sealing.AtRestCipher;
import io.portolan.sealing.JoinProofs;
import io.portolan.sealing.SealingKeys;
import io.portolan.sealing.Secret;
import io.portolan.testkit.EventRecorder;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rotating the master key without downtime: a rotated keyset still reads everything, re-encryption
 * moves every secret to the new primary key, and then the old key can be retired.
 */
class SecretRotationIT {
  private final CatalogTestProperties test = new CatalogTestProperties(SecretRotationIT.class);

  private CatalogFixture catalogWith(Secret keyset) {
    return CatalogFixture.start(test, Map.of("portolan.catalog.master-keyset", keyset.reveal()));
  }

  @Test
  void rotateReencryptAndRetireTheOldKey() throws Exception {
    Secret original = AtRestCipher.generateKeyset();
    List<String> ids = new ArrayList<>();
    JsonNode joinToken;
    try (CatalogFixture before = catalogWith(original)) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> created =
            before
                .admin()
                .post(
                    "/api/v1/registries",
                    """
                    {"name":"rotated-%d","provider":"OTHER","url":"registry.example.com",
                     "credentials":{"username":"robot","password":"password-%d"}}
                    """
                        .formatted(i, i));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ids.add(Api.json(created).get("id").asText());
      }
      joinToken = Api.json(before.admin().post("/api/v1/join-tokens", "{}"));
    }
    int originalKey = AtRestCipher.fromKeysetJson(original).primaryKeyId();
    assertThat(storedKeyIds()).containsOnly((long) originalKey);

    Secret rotated = AtRestCipher.rotate(original);
    int newKey = AtRestCipher.fromKeysetJson(rotated).primaryKeyId();
    try (CatalogFixture during = catalogWith(rotated);
        EventRecorder events = EventRecorder.start(test.kafka, Topic.REGISTRY_CHANGES)) {
      // rows under the old key still read: a patch keeps the stored password
      patchOrganization(during, ids.get(0), "during-rotation");
      assertThat(passwordAt(events, ids.get(0), 2)).isEqualTo("password-0");

      HttpResponse<String> reencrypted = during.admin().post("/api/v1/maintenance/re-encrypt", "");
      assertThat(reencrypted.statusCode()).as(reencrypted.body()).isEqualTo(200);
      JsonNode result = Api.json(reencrypted);
      // the patched row was already rewritten under the new key
      assertThat(result.get("registries").asInt()).isEqualTo(2);
      assertThat(result.get("joinTokens").asInt()).isEqualTo(1);
      assertThat(result.get("primaryKeyId").asInt()).isEqualTo(newKey);
      assertThat(result.get("remainingUnderOldKeys").asLong()).isZero();
      assertThat(during.admin().get("/api/v1/audit").body()).contains("secrets.re-encrypted");
    }
    assertThat(storedKeyIds()).containsOnly((long) newKey);

    Secret retired = AtRestCipher.withoutOldKeys(rotated);
    try (CatalogFixture after = catalogWith(retired);
        EventRecorder events = EventRecorder.start(test.kafka, Topic.REGISTRY_CHANGES);
        EventPublisher publisher =
            new EventPublisher(
                test.kafka,
                new EventCodec(test.kafka.topicPrefix(), "/test/rotation"),
                new SimpleMeterRegistry())) {
      for (int i = 0; i < ids.size(); i++) {
        long revision =
            Api.json(after.admin().get("/api/v1/registries/" + ids.get(i)))
                .get("revision")
                .asLong();
        patchOrganization(after, ids.get(i), "after-retirement");
        assertThat(passwordAt(events, ids.get(i), revision + 1)).isEqualTo("password-" + i);
      }
      // the join token was re-encrypted too: it still approves its consumer
      SealingKeys keys = SealingKeys.generate();
      String tokenId = joinToken.get("id").asText();
      publisher.publishAndWait(
          new ConsumerAnnounced(
              "cluster:after-rotation",
              ConsumerKind.CLUSTER,
              keys.publicKeysetJson(),
              keys.fingerprint(),
              Set.of(Capability.PULL),
              tokenId,
              JoinProofs.proof(
                  Secret.of(joinToken.get("token").asText()),
                  "cluster:after-rotation",
                  keys.fingerprint()),
              "test",
              Instant.now()),
          Duration.ofSeconds(10));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> after.admin().get("/api/v1/consumers").body(),
              body -> body.contains("\"state\":\"APPROVED\""));
    }
  }

  @Test
  void theCommandReencryptsWithTheServicesConfiguration() throws Exception {
    Secret original = AtRestCipher.generateKeyset();
    try (CatalogFixture before = catalogWith(original)) {
      before
          .admin()
          .post(
              "/api/v1/registries",
              """
              {"name":"by-command","provider":"OTHER","url":"registry.example.com",
               "credentials":{"username":"robot","password":"command-password"}}
              """);
    }
    Secret rotated = AtRestCipher.rotate(original);
    Map<String, Object> properties = new HashMap<>(test.properties());
    properties.put("portolan.catalog.master-keyset", rotated.reveal());

    int exit = CatalogApplication.reencrypt(properties);

    assertThat(exit).isZero();
    assertThat(storedKeyIds())
        .containsOnly((long) AtRestCipher.fromKeysetJson(rotated).primaryKeyId());
  }

  @Test
  void aKeysetThatWasReplacedInsteadOfRotatedIsRefusedAtStart() {
    try (CatalogFixture before = catalogWith(AtRestCipher.generateKeyset())) {
      before
          .admin()
          .post(
              "/api/v1/registries",
              """
              {"name":"orphaned","provider":"OTHER","url":"registry.example.com",
               "credentials":{"username":"robot","password":"p"}}
              """);
    }

    assertThatThrownBy(() -> catalogWith(AtRestCipher.generateKeyset()))
        .rootCause()
        .hasMessageContaining("replaced instead of rotated")
        .hasMessageContaining("portolan keys rotate-master");
  }

  private static void patchOrganization(CatalogFixture catalog, String id, String organization) {
    HttpResponse<String> patched =
        catalog
            .admin()
            .sendBytes(
                "PATCH",
                "/api/v1/registries/" + id,
                ("{\"organization\":\"" + organization + "\"}").getBytes(),
                "Content-Type",
                "application/merge-patch+json");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
  }

  private String passwordAt(EventRecorder events, String id, long revision) throws Exception {
    RegistryChanged event =
        events.await(
            RegistryChanged.class, e -> e.registryId().equals(id) && e.revision() == revision);
    return test.minterKeys
        .opener()
        .openJson(
            event.rootCredentials(), RegistryService.rootSealingContext(id), RootCredentials.class)
        .password();
  }

  private List<Long> storedKeyIds() throws Exception {
    List<Long> ids = new ArrayList<>();
    try (Connection c = test.schema.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT secrets_key_id FROM registries WHERE secrets IS NOT NULL"
                    + " UNION ALL SELECT token_key_id FROM join_tokens")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }
}
