package io.portolan.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.portolan.events.EventJson;
import io.portolan.events.Provider;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.Topic;
import io.portolan.events.Visibility;
import io.portolan.events.kafka.KafkaSettings;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.TlsMode;
import io.portolan.service.auth.StaticTokenValidator;
import io.portolan.service.identity.CredentialConsumer;
import io.portolan.testkit.EventRecorder;
import io.portolan.testkit.PostgresSchema;
import io.portolan.testkit.RegistryAuth;
import io.portolan.testkit.RegistryServer;
import io.portolan.testkit.TestKit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A chart indexer under test: its Micronaut context on the test kit's Kafka and PostgreSQL, a
 * registry of its own (anonymous, public, used as chart repository with discovery), and an HTTP
 * client with a valid token.
 */
final class IndexerFixture implements AutoCloseable {
  static final String TOKEN = "ptl_test-viewer";
  final HttpClient http = HttpClient.newHttpClient();
  final RegistryServer registry;
  final ApplicationContext context;
  final String baseUrl;
  final EventRecorder events;
  final KafkaSettings kafka;
  final RegistryClient client;

  IndexerFixture(Class<?> testClass) throws Exception {
    registry = RegistryServer.start(RegistryAuth.ANONYMOUS, TestKit.newDirectory("registry"));
    kafka = TestKit.kafkaFor(testClass);
    PostgresSchema schema = TestKit.postgresSchemaFor(testClass);
    Map<String, Object> p = new HashMap<>();
    p.put("micronaut.server.port", "-1");
    p.put("datasources.default.url", schema.jdbcUrl());
    p.put("datasources.default.username", schema.username());
    p.put("datasources.default.password", schema.password());
    p.put("flyway.datasources.default.schemas", schema.schema());
    p.put("flyway.datasources.default.default-schema", schema.schema());
    p.put("portolan.kafka.bootstrap-servers", kafka.bootstrapServers());
    p.put("portolan.kafka.topic-prefix", kafka.topicPrefix());
    p.put(
        "portolan.indexer.keyset-file",
        TestKit.newDirectory("indexer-keys").resolve("keyset.json").toString());
    p.put("portolan.indexer.resync-interval", "1h");
    p.put("portolan.allow-loopback-registries", "true");
    p.put("portolan.api.tokens", List.of("viewer=" + StaticTokenValidator.sha256(TOKEN)));
    events = EventRecorder.start(kafka, Topic.STATUS, Topic.CHART_CHANGES);
    context = ApplicationContext.run(EmbeddedServer.class, p).getApplicationContext();
    baseUrl = context.getBean(EmbeddedServer.class).getURL().toString();
    client = RegistryClient.builder(registry.host()).tls(TlsMode.INSECURE, null).build();
  }

  /** Announces the registry as the catalog would: name {@code name}, id {@code id}. */
  void announceRegistry(String id, String name) {
    announceRegistry(id, name, registry.host());
  }

  /** Announces a public chart-repository registry at {@code host}, discovered through _catalog. */
  void announceRegistry(String id, String name, String host) {
    RegistrySnapshot snapshot =
        new RegistrySnapshot(
            name,
            Provider.OTHER,
            host,
            null,
            Visibility.PUBLIC,
            null,
            new RegistrySnapshot.Tls(RegistrySnapshot.TlsMode.INSECURE, null),
            null,
            new RegistrySnapshot.Usage(true, false, true, List.of()), // discover via _catalog
            false,
            null,
            null);
    context
        .getBean(CredentialConsumer.class)
        .registries()
        .apply(new RegistryChanged(id, 1, false, snapshot, null, Instant.now()));
  }

  HttpResponse<String> send(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Authorization", "Bearer " + TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode get(String path, int status) throws Exception {
    HttpResponse<String> r = send(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return EventJson.mapper().readTree(r.body());
  }

  @Override
  public void close() {
    context.close();
    events.close();
    registry.close();
  }
}
