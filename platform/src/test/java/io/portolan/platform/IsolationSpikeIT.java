package io.portolan.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.portolan.sealing.AtRestCipher;
import io.portolan.sealing.SealingKeys;
import io.portolan.testkit.PostgresSchema;
import io.portolan.testkit.TestKit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IsolationSpikeIT {
  @Test
  void startsTheCatalogInItsOwnLoader() throws Exception {
    var kafka = TestKit.kafkaFor(IsolationSpikeIT.class);
    PostgresSchema schema = TestKit.postgresSchemaFor(IsolationSpikeIT.class);
    Map<String, Object> p = new HashMap<>();
    p.put("micronaut.server.port", 18081);
    p.put("datasources.default.url", schema.jdbcUrl());
    p.put("datasources.default.username", "postgres");
    p.put("datasources.default.password", "");
    p.put("flyway.datasources.default.schemas", schema.schema());
    p.put("portolan.kafka.bootstrap-servers", kafka.bootstrapServers());
    p.put("portolan.kafka.topic-prefix", kafka.topicPrefix());
    p.put("portolan.catalog.master-keyset", AtRestCipher.generateKeyset().reveal());
    p.put("portolan.catalog.minter-public-keyset", SealingKeys.generate().publicKeysetJson());
    p.put("portolan.catalog.bootstrap-admin-token", "ptl_x");
    long t0 = System.nanoTime();
    try (var running =
        ServiceLoaderIsolation.start(
            "registry-catalog",
            ServiceLoaderIsolation.classPath(Path.of("..", "registry-catalog")),
            "io.portolan.catalog.CatalogApplication",
            p)) {
      System.out.println("started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:18081/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      System.out.println(r.body());
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }
}
