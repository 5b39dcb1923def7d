package io.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portolan.events.EventCodec;
import io.portolan.events.IndexStatus;
import io.portolan.events.InjectionStatus;
import io.portolan.events.MintStatus;
import io.portolan.events.PortolanEvent;
import io.portolan.events.kafka.EventPublisher;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /api/v1/registries/{id}/status} from what the minter, the injectors and the indexer
 * report on the {@code status} topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryStatusIT {
  private CatalogFixture catalog;
  private Api admin;
  private EventPublisher publisher;

  @BeforeAll
  void start() {
    catalog = CatalogFixture.start(new CatalogTestProperties(RegistryStatusIT.class), Map.of());
    admin = catalog.admin();
    publisher =
        new EventPublisher(
            catalog.test.kafka,
            new EventCodec(catalog.test.kafka.topicPrefix(), "/test/status-it"),
            new SimpleMeterRegistry());
  }

  @AfterAll
  void stop() {
    publisher.close();
    catalog.close();
  }

  private String registry(String name) {
    HttpResponse<String> created =
        admin.post(
            "/api/v1/registries",
            """
            {"name":"%s","provider":"OTHER","url":"registry.example.com",
             "credentials":{"username":"robot","password":"p"}}
            """
                .formatted(name));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return Api.json(created).get("id").asText();
  }

  private void publish(PortolanEvent event) {
    publisher.publishAndWait(event, Duration.ofSeconds(10));
  }

  private JsonNode statusOnceItHas(String id, java.util.function.Predicate<JsonNode> ready) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Api.json(admin.get("/api/v1/registries/" + id + "/status")), ready);
  }

  @Test
  void showsTheLastMintAndPerClusterWhichNamespacesHoldItAndWhichFailedWhy() {
    String id = registry("reported");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant expires = now.plus(Duration.ofHours(12));
    publish(new MintStatus(id, MintStatus.State.MINTED, 3, expires, null, now));
    publish(
        new InjectionStatus(
            "prod-eu",
            id,
            3,
            expires,
            List.of("payments", "shop"),
            List.of(
                new InjectionStatus.NamespaceFailure(
                    "locked", "forbidden: secrets is forbidden in namespace locked")),
            false,
            now.plusSeconds(1)));
    publish(
        new InjectionStatus(
            "prod-us", id, 2, now.minusSeconds(60), List.of("shop"), List.of(), true, now));
    publish(new IndexStatus(id, IndexStatus.State.INDEXED, 4, 17, 1, null, now));

    JsonNode status =
        statusOnceItHas(
            id,
            s -> s.path("clusters").size() == 2 && s.hasNonNull("mint") && s.hasNonNull("index"));

    assertThat(status.get("name").asText()).isEqualTo("reported");
    assertThat(status.at("/mint/state").asText()).isEqualTo("MINTED");
    assertThat(status.at("/mint/generation").asLong()).isEqualTo(3);
    assertThat(Instant.parse(status.at("/mint/expiresAt").asText())).isEqualTo(expires);
    JsonNode eu = status.at("/clusters/0");
    assertThat(eu.get("clusterId").asText()).isEqualTo("prod-eu");
    assertThat(eu.get("current").asBoolean()).isTrue();
    assertThat(eu.get("namespaces").toString()).isEqualTo("[\"payments\",\"shop\"]");
    assertThat(eu.at("/failed/0/namespace").asText()).isEqualTo("locked");
    assertThat(eu.at("/failed/0/reason").asText()).contains("forbidden");
    JsonNode us = status.at("/clusters/1");
    assertThat(us.get("clusterId").asText()).isEqualTo("prod-us");
    assertThat(us.get("current").asBoolean()).as("generation 2 is behind mint 3").isFalse();
    assertThat(status.at("/index/charts").asInt()).isEqualTo(17);
  }

  @Test
  void aReportOlderThanTheOneHeldChangesNothing() throws Exception {
    String id = registry("ordered-reports");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    publish(new MintStatus(id, MintStatus.State.MINTED, 5, now.plusSeconds(3600), null, now));
    statusOnceItHas(id, s -> s.hasNonNull("mint"));

    RecordMetadata replayed =
        publisher.publishAndWait(
            new MintStatus(
                id, MintStatus.State.REFRESH_FAILED, 4, null, "replayed", now.minusSeconds(30)),
            Duration.ofSeconds(10));
    awaitHandled(replayed);

    JsonNode status = Api.json(admin.get("/api/v1/registries/" + id + "/status"));
    assertThat(status.at("/mint/generation").asLong()).isEqualTo(5);
    assertThat(status.at("/mint/state").asText()).isEqualTo("MINTED");
  }

  /** Waits until the catalog's status consumer group has committed past the record. */
  private void awaitHandled(RecordMetadata record) throws Exception {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    try (Admin kafka = Admin.create(catalog.test.kafka.clientProperties("status-it-admin"))) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                OffsetAndMetadata committed =
                    kafka
                        .listConsumerGroupOffsets("registry-catalog-status")
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(partition);
                return committed != null && committed.offset() > record.offset();
              });
    }
  }

  @Test
  void anUnknownRegistryIsNotFound() {
    HttpResponse<String> missing =
        admin.get("/api/v1/registries/00000000-0000-0000-0000-000000000001/status");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
  }
}
