package io.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portolan.events.Capability;
import io.portolan.events.ConsumerAnnounced;
import io.portolan.events.ConsumerApproved;
import io.portolan.events.ConsumerKind;
import io.portolan.events.ConsumerRevoked;
import io.portolan.events.EventCodec;
import io.portolan.events.Topic;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.sealing.JoinProofs;
import io.portolan.sealing.SealingKeys;
import io.portolan.sealing.Secret;
import io.portolan.testkit.EventRecorder;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who the catalog trusts: consumers announce keys over Kafka; an admin approves a key, or the
 * consumer proves it holds a one-time join token; revoking is final until an admin approves again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumersIT {
  private CatalogFixture catalog;
  private Api admin;
  private EventRecorder decisions;
  private EventPublisher publisher;

  @BeforeAll
  void start() {
    catalog = CatalogFixture.start(new CatalogTestProperties(ConsumersIT.class), Map.of());
    admin = catalog.admin();
    decisions = EventRecorder.start(catalog.test.kafka, Topic.CONSUMERS_APPROVED);
    publisher =
        new EventPublisher(
            catalog.test.kafka,
            new EventCodec(catalog.test.kafka.topicPrefix(), "/test/consumers-it"),
            new SimpleMeterRegistry());
  }

  @AfterAll
  void stop() {
    publisher.close();
    decisions.close();
    catalog.close();
  }

  private void announce(String consumerId, SealingKeys keys, String tokenId, String proof) {
    publisher.publishAndWait(
        new ConsumerAnnounced(
            consumerId,
            ConsumerKind.ofConsumerId(consumerId),
            keys.publicKeysetJson(),
            keys.fingerprint(),
            Set.of(Capability.PULL),
            tokenId,
            proof,
            "test",
            Instant.now()),
        Duration.ofSeconds(10));
  }

  private JsonNode consumer(String consumerId) {
    for (JsonNode c : Api.json(admin.get("/api/v1/consumers"))) {
      if (c.get("consumerId").asText().equals(consumerId)) {
        return c;
      }
    }
    return null;
  }

  private JsonNode awaitState(String consumerId, String state) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> consumer(consumerId), c -> c != null && c.get("state").asText().equals(state));
  }

  private JsonNode createJoinToken(String body) {
    HttpResponse<String> created = admin.post("/api/v1/join-tokens", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return Api.json(created);
  }

  @Test
  void anAnnouncedConsumerWaitsForAnAdminToApproveItsExactKey() {
    SealingKeys keys = SealingKeys.generate();
    announce("cluster:prod-eu", keys, null, null);

    JsonNode pending = awaitState("cluster:prod-eu", "PENDING");
    assertThat(pending.get("keyFingerprint").asText()).isEqualTo(keys.fingerprint());
    assertThat(
            decisions.find(ConsumerApproved.class, e -> e.consumerId().equals("cluster:prod-eu")))
        .isNull();

    HttpResponse<String> wrongKey =
        admin.post(
            "/api/v1/consumers/cluster:prod-eu/approve",
            "{\"fingerprint\":\"" + SealingKeys.generate().fingerprint() + "\"}");
    assertThat(wrongKey.statusCode()).isEqualTo(409);
    assertThat(Api.json(wrongKey).at("/errors/0/field").asText()).isEqualTo("fingerprint");

    HttpResponse<String> approved =
        admin.post(
            "/api/v1/consumers/cluster:prod-eu/approve",
            "{\"fingerprint\":\"" + keys.fingerprint() + "\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(Api.json(approved).get("state").asText()).isEqualTo("APPROVED");
    ConsumerApproved event =
        decisions.await(ConsumerApproved.class, e -> e.consumerId().equals("cluster:prod-eu"));
    assertThat(event.keyFingerprint()).isEqualTo(keys.fingerprint());
    assertThat(event.publicKeyset()).isEqualTo(keys.publicKeysetJson());
    assertThat(event.approvedBy()).isEqualTo("token:bootstrap-admin");
    assertThat(admin.get("/api/v1/audit?targetId=cluster:prod-eu").body())
        .contains("consumer.approved");
  }

  @Test
  void anAnnouncementWhoseFingerprintIsNotItsKeysIsIgnored() {
    SealingKeys keys = SealingKeys.generate();
    publisher.publishAndWait(
        new ConsumerAnnounced(
            "cluster:forged",
            ConsumerKind.CLUSTER,
            keys.publicKeysetJson(),
            SealingKeys.generate().fingerprint(),
            Set.of(Capability.PULL),
            null,
            null,
            "test",
            Instant.now()),
        Duration.ofSeconds(10));
    SealingKeys honest = SealingKeys.generate();
    announce("cluster:after-forged", honest, null, null);

    // announcements are handled in order: once the later one is listed, the forged one was seen
    awaitState("cluster:after-forged", "PENDING");
    assertThat(consumer("cluster:forged")).isNull();
  }

  @Test
  void aJoinTokenApprovesOneConsumerOnceAndIsNeverShownAgain() throws Exception {
    JsonNode token = createJoinToken("{\"description\":\"new indexer\"}");
    String tokenId = token.get("id").asText();
    Secret value = Secret.of(token.get("token").asText());
    SealingKeys first = SealingKeys.generate();
    SealingKeys second = SealingKeys.generate();

    announce(
        "indexer:one", first, tokenId, JoinProofs.proof(value, "indexer:one", first.fingerprint()));
    JsonNode approved = awaitState("indexer:one", "APPROVED");
    announce(
        "pusher:two", second, tokenId, JoinProofs.proof(value, "pusher:two", second.fingerprint()));
    awaitState("pusher:two", "PENDING");

    assertThat(approved.get("decidedBy").asText()).isEqualTo("join-token:" + tokenId);
    String listed = admin.get("/api/v1/join-tokens").body();
    assertThat(listed).contains("\"usedBy\":\"indexer:one\"").doesNotContain(value.reveal());
    assertThat(storedJoinTokenBytes(tokenId)).doesNotContain(value.reveal());
  }

  @Test
  void aJoinTokenForOneKindOrNameApprovesNoOtherConsumer() {
    JsonNode token = createJoinToken("{\"kind\":\"CLUSTER\",\"name\":\"edge-1\"}");
    String tokenId = token.get("id").asText();
    Secret value = Secret.of(token.get("token").asText());
    SealingKeys keys = SealingKeys.generate();

    announce(
        "indexer:edge-1",
        keys,
        tokenId,
        JoinProofs.proof(value, "indexer:edge-1", keys.fingerprint()));
    announce(
        "cluster:edge-2",
        keys,
        tokenId,
        JoinProofs.proof(value, "cluster:edge-2", keys.fingerprint()));
    announce(
        "cluster:edge-1",
        keys,
        tokenId,
        JoinProofs.proof(value, "cluster:edge-1", keys.fingerprint()));

    awaitState("cluster:edge-1", "APPROVED");
    assertThat(consumer("indexer:edge-1").get("state").asText()).isEqualTo("PENDING");
    assertThat(consumer("cluster:edge-2").get("state").asText()).isEqualTo("PENDING");
    assertThat(token.get("configure").asText())
        .contains("portolan.injector.join-token-id=" + tokenId);
  }

  @Test
  void aProofForAnotherKeyOrAnExpiredTokenApprovesNothing() throws Exception {
    JsonNode token = createJoinToken("{}");
    String tokenId = token.get("id").asText();
    Secret value = Secret.of(token.get("token").asText());
    SealingKeys victim = SealingKeys.generate();
    SealingKeys attacker = SealingKeys.generate();
    // a proof seen on the wire, replayed with another key
    announce(
        "cluster:replayed",
        attacker,
        tokenId,
        JoinProofs.proof(value, "cluster:replayed", victim.fingerprint()));
    JsonNode expired = createJoinToken("{}");
    expire(expired.get("id").asText());
    SealingKeys late = SealingKeys.generate();
    announce(
        "cluster:late",
        late,
        expired.get("id").asText(),
        JoinProofs.proof(
            Secret.of(expired.get("token").asText()), "cluster:late", late.fingerprint()));

    awaitState("cluster:replayed", "PENDING");
    awaitState("cluster:late", "PENDING");
    // the token was not spent by the failed proof: its rightful holder can still join
    announce(
        "cluster:replayed",
        victim,
        tokenId,
        JoinProofs.proof(value, "cluster:replayed", victim.fingerprint()));
    assertThat(awaitState("cluster:replayed", "APPROVED").get("approvedFingerprint").asText())
        .isEqualTo(victim.fingerprint());
  }

  @Test
  void aRevokedConsumerStaysRevokedWhenItAnnouncesAgain() {
    SealingKeys keys = SealingKeys.generate();
    announce("cluster:to-revoke", keys, null, null);
    awaitState("cluster:to-revoke", "PENDING");
    admin.post("/api/v1/consumers/cluster:to-revoke/approve", "{}");

    HttpResponse<String> revoked =
        admin.post("/api/v1/consumers/cluster:to-revoke/revoke", "{\"reason\":\"decommissioned\"}");
    assertThat(revoked.statusCode()).isEqualTo(200);
    decisions.await(ConsumerRevoked.class, e -> e.consumerId().equals("cluster:to-revoke"));
    announce("cluster:to-revoke", keys, null, null);
    announce("cluster:marker", SealingKeys.generate(), null, null);
    awaitState("cluster:marker", "PENDING");

    assertThat(consumer("cluster:to-revoke").get("state").asText()).isEqualTo("REVOKED");
  }

  @Test
  void onlyAdminsManageTokensAndTheValueIsShownOnce() {
    HttpResponse<String> created =
        admin.post("/api/v1/tokens", "{\"name\":\"dashboards\",\"role\":\"viewer\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String viewer = Api.json(created).get("token").asText();
    String id = Api.json(created).get("id").asText();

    assertThat(admin.get("/api/v1/tokens").body()).contains("dashboards").doesNotContain(viewer);
    assertThat(admin.as(viewer).get("/api/v1/registries").statusCode()).isEqualTo(200);
    assertThat(admin.as(viewer).get("/api/v1/tokens").statusCode()).isEqualTo(403);
    assertThat(admin.as(viewer).post("/api/v1/join-tokens", "{}").statusCode()).isEqualTo(403);
    assertThat(admin.as(viewer).post("/api/v1/consumers/cluster:prod-eu/revoke", "{}").statusCode())
        .isEqualTo(403);

    assertThat(admin.send("DELETE", "/api/v1/tokens/" + id, null).statusCode()).isEqualTo(200);
    assertThat(admin.as(viewer).get("/api/v1/registries").statusCode()).isEqualTo(401);
  }

  @Test
  void theLastAdminTokenCannotBeRevoked() {
    String adminId = null;
    for (JsonNode t : Api.json(admin.get("/api/v1/tokens"))) {
      if (t.get("role").asText().equals("admin") && !t.hasNonNull("revokedAt")) {
        adminId = t.get("id").asText();
      }
    }
    HttpResponse<String> refused = admin.send("DELETE", "/api/v1/tokens/" + adminId, null);

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(
            Api.json(refused).at("/errors/0/hint").asText()
                + Api.json(refused).at("/errors/0/message").asText())
        .contains("create another admin token first");
    assertThat(admin.get("/api/v1/registries").statusCode()).isEqualTo(200);
  }

  private String storedJoinTokenBytes(String tokenId) throws Exception {
    try (Connection c = catalog.test.schema.connect();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT encode(token_ciphertext, 'escape') FROM join_tokens WHERE id = ?")) {
      st.setString(1, tokenId);
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  private void expire(String tokenId) throws Exception {
    try (Connection c = catalog.test.schema.connect();
        PreparedStatement st =
            c.prepareStatement(
                "UPDATE join_tokens SET expires_at = now() - interval '1 minute' WHERE id = ?")) {
      st.setString(1, tokenId);
      assertThat(st.executeUpdate()).isEqualTo(1);
    }
  }
}
