package io.portolan.minter;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.portolan.events.Capability;
import io.portolan.events.ConsumerApproved;
import io.portolan.events.ConsumerKind;
import io.portolan.events.EventCodec;
import io.portolan.events.PortolanEvent;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.events.kafka.KafkaSettings;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.minter.mint.MintScheduler;
import io.portolan.minter.mint.MinterCore;
import io.portolan.sealing.SealingKeys;
import io.portolan.testkit.TestKit;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A test class's Kafka topics, the minter's keys, a publisher standing in for the catalog, and
 * minter instances started on them.
 */
final class MinterFixture implements AutoCloseable {
  final KafkaSettings kafka;
  final SealingKeys minterKeys = SealingKeys.generate();
  final EventPublisher catalog;

  MinterFixture(Class<?> testClass) {
    this.kafka = TestKit.kafkaFor(testClass);
    this.catalog =
        new EventPublisher(
            kafka, new EventCodec(kafka.topicPrefix(), "/test/catalog"), new SimpleMeterRegistry());
  }

  /** A minter instance; close it to stop it. */
  final class Instance implements AutoCloseable {
    final ApplicationContext context;

    Instance(ApplicationContext context) {
      this.context = context;
    }

    long upstreamCalls() {
      return context.getBean(MintScheduler.class).upstreamCalls();
    }

    /** Partitions of the identity space this instance owns (0 before it joined the group). */
    double ownedPartitions() {
      var gauge =
          context
              .getBean(io.micrometer.core.instrument.MeterRegistry.class)
              .find("portolan.minter.owned.partitions")
              .gauge();
      return gauge == null ? 0 : gauge.value();
    }

    Map<String, Integer> sizes() {
      return context.getBean(MinterCore.class).sizes();
    }

    @Override
    public void close() {
      context.close();
    }
  }

  Instance start(Map<String, String> extra) {
    Map<String, Object> p = new HashMap<>();
    p.put("micronaut.server.port", "-1");
    p.put("portolan.kafka.bootstrap-servers", kafka.bootstrapServers());
    p.put("portolan.kafka.topic-prefix", kafka.topicPrefix());
    p.put("portolan.minter.private-keyset", minterKeys.privateKeysetJson().reveal());
    p.put("portolan.minter.tick", "200ms");
    p.put("portolan.allow-loopback-registries", "true");
    p.putAll(extra);
    return new Instance(ApplicationContext.run(EmbeddedServer.class, p).getApplicationContext());
  }

  void publish(PortolanEvent event) {
    catalog.publishAndWait(event, Duration.ofSeconds(10));
  }

  /** A registry as the catalog announces it, with its root credentials sealed to the minter. */
  RegistryChanged registry(String id, RegistrySnapshot snapshot, RootCredentials root) {
    return new RegistryChanged(
        id,
        1,
        false,
        snapshot,
        root == null ? null : minterKeys.sealer().sealJson(root, "root:" + id),
        Instant.now());
  }

  static ConsumerApproved cluster(String name, SealingKeys keys) {
    return new ConsumerApproved(
        ConsumerKind.CLUSTER.consumerId(name),
        ConsumerKind.CLUSTER,
        keys.publicKeysetJson(),
        keys.fingerprint(),
        Set.of(Capability.PULL),
        "admin",
        Instant.now());
  }

  @Override
  public void close() {
    catalog.close();
  }
}
