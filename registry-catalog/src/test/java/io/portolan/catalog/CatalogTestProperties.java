package io.portolan.catalog;

import io.portolan.events.kafka.KafkaSettings;
import io.portolan.sealing.AtRestCipher;
import io.portolan.sealing.SealingKeys;
import io.portolan.testkit.PostgresSchema;
import io.portolan.testkit.TestKit;
import java.util.HashMap;
import java.util.Map;

/**
 * The properties a catalog under test needs: its own schema and topics, keys, a known admin token.
 */
public final class CatalogTestProperties {
  public final SealingKeys minterKeys = SealingKeys.generate();
  public final String adminToken = "ptl_test-admin-" + System.nanoTime();
  public final String masterKeyset = AtRestCipher.generateKeyset().reveal();
  public final KafkaSettings kafka;
  public final PostgresSchema schema;

  public CatalogTestProperties(Class<?> testClass) {
    this.kafka = TestKit.kafkaFor(testClass);
    this.schema = TestKit.postgresSchemaFor(testClass);
  }

  public Map<String, String> properties() {
    Map<String, String> p = new HashMap<>();
    p.put("micronaut.server.port", "-1");
    p.put("datasources.default.url", schema.jdbcUrl());
    p.put("datasources.default.username", schema.username());
    p.put("datasources.default.password", schema.password());
    p.put("flyway.datasources.default.schemas", schema.schema());
    p.put("flyway.datasources.default.default-schema", schema.schema());
    p.put("portolan.kafka.bootstrap-servers", kafka.bootstrapServers());
    p.put("portolan.kafka.topic-prefix", kafka.topicPrefix());
    p.put("portolan.catalog.master-keyset", masterKeyset);
    p.put("portolan.catalog.minter-public-keyset", minterKeys.publicKeysetJson());
    p.put("portolan.catalog.bootstrap-admin-token", adminToken);
    p.put("portolan.allow-loopback-registries", "true");
    return p;
  }
}
