package io.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portolan.catalog.outbox.OutboxRelay;
import io.portolan.events.Envelope;
import io.portolan.events.RegistryChanged;
import io.portolan.events.Topic;
import io.portolan.testkit.EventRecorder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The transactional outbox: a registry change and its event commit together; events written while
 * no relay runs (a crash between commit and publish) are published later; with several catalog
 * instances relaying, every event reaches Kafka once and each registry's in revision order.
 */
class OutboxIT {
  private final CatalogTestProperties test = new CatalogTestProperties(OutboxIT.class);

  private static String registry(String name) {
    return """
        {"name":"%s","provider":"OTHER","url":"registry.example.com",
         "credentials":{"username":"robot","password":"p"}}
        """
        .formatted(name);
  }

  private static String create(Api api, String name) {
    HttpResponse<String> created = api.post("/api/v1/registries", registry(name));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return Api.json(created).get("id").asText();
  }

  private static void patch(Api api, String id, String organization) {
    HttpResponse<String> patched =
        api.sendBytes(
            "PATCH",
            "/api/v1/registries/" + id,
            ("{\"organization\":\"" + organization + "\"}").getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/merge-patch+json");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
  }

  @Test
  void eventsCommittedWhileNoRelayRanArePublishedByTheNextInstance() throws Exception {
    List<String> ids = new ArrayList<>();
    // an instance that commits changes but never publishes: as if it crashed after each commit
    try (CatalogFixture crashed =
        CatalogFixture.start(test, Map.of("portolan.catalog.background", "false"))) {
      Api api = crashed.admin();
      for (int i = 0; i < 3; i++) {
        String id = create(api, "unrelayed-" + i);
        patch(api, id, "second");
        ids.add(id);
      }
    }
    assertThat(unpublished()).isEqualTo(6);

    try (EventRecorder events = EventRecorder.start(test.kafka, Topic.REGISTRY_CHANGES);
        CatalogFixture next = CatalogFixture.start(test, Map.of())) {
      assertThat(next.bean(OutboxRelay.class)).isNotNull();
      for (String id : ids) {
        events.await(RegistryChanged.class, e -> e.registryId().equals(id) && e.revision() == 2);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> unpublished() == 0);
      for (String id : ids) {
        assertThat(revisionsOf(events, id)).containsExactly(1L, 2L);
      }
    }
  }

  @Test
  void twoRelayingInstancesPublishEveryEventOnceInRevisionOrder() throws Exception {
    int registries = 6;
    int patchesEach = 15;
    try (CatalogFixture a = CatalogFixture.start(test, Map.of());
        CatalogFixture b = CatalogFixture.start(test, Map.of());
        EventRecorder events = EventRecorder.start(test.kafka, Topic.REGISTRY_CHANGES)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < registries; i++) {
        ids.add(create(i % 2 == 0 ? a.admin() : b.admin(), "concurrent-" + i));
      }
      ExecutorService writers = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        Api api = w % 2 == 0 ? a.admin() : b.admin();
        int writer = w;
        done.add(
            writers.submit(
                () -> {
                  for (int n = 0; n < patchesEach; n++) {
                    for (String id : ids) {
                      patch(api, id, "w" + writer + "-" + n);
                    }
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      writers.shutdown();
      long expectedPerRegistry = 1 + 4L * patchesEach;

      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  ids.stream()
                      .allMatch(id -> revisionsOf(events, id).size() >= expectedPerRegistry));
      await().atMost(Duration.ofSeconds(10)).until(() -> unpublished() == 0);
      int seen = events.envelopes().size();
      // any duplicate would be on its way by now: the count holds still for half a second
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> events.envelopes().size() == seen);
      Set<String> eventIds = new HashSet<>();
      for (Envelope<?> envelope : events.envelopes()) {
        assertThat(eventIds.add(envelope.id())).as("event %s twice", envelope.id()).isTrue();
      }
      for (String id : ids) {
        List<Long> revisions = revisionsOf(events, id);
        List<Long> expected = new ArrayList<>();
        for (long r = 1; r <= expectedPerRegistry; r++) {
          expected.add(r);
        }
        assertThat(revisions).as("registry %s", id).isEqualTo(expected);
      }
      assertThat(a.bean(OutboxRelay.class).backlog()).isZero();
    }
  }

  private static List<Long> revisionsOf(EventRecorder events, String id) {
    return events.all(RegistryChanged.class).stream()
        .filter(e -> e.registryId().equals(id))
        .map(RegistryChanged::revision)
        .toList();
  }

  private long unpublished() throws Exception {
    try (Connection c = test.schema.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM outbox WHERE published_at IS NULL")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
