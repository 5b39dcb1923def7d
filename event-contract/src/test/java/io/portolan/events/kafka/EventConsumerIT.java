package io.portolan.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portolan.embedded.EmbeddedKafka;
import io.portolan.events.CeHeaders;
import io.portolan.events.CredentialRevoked;
import io.portolan.events.Envelope;
import io.portolan.events.EventCodec;
import io.portolan.events.ImagePushed;
import io.portolan.events.PortolanEvent;
import io.portolan.events.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class EventConsumerIT {
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(Path.of("target", "kafka-" + System.nanoTime()), 0, Map.of());
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  private KafkaSettings settingsFor(TestInfo test) {
    String prefix = "t" + Math.abs(test.getDisplayName().hashCode()) + System.nanoTime() + ".";
    KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers(), prefix, "it");
    TopicProvisioner.ensureTopics(settings, 3, (short) 1);
    return settings;
  }

  @Test
  void skipsAndCountsBadMessagesAndKeepsGoing(TestInfo test) throws Exception {
    KafkaSettings settings = settingsFor(test);
    EventCodec codec = new EventCodec(settings.topicPrefix(), "/it");
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    List<PortolanEvent> seen = new CopyOnWriteArrayList<>();
    String topic = codec.topicName(Topic.BUILD_EVENTS);

    try (EventPublisher publisher = new EventPublisher(settings, codec, meters);
        KafkaProducer<String, byte[]> raw = rawProducer()) {
      publisher.publishAndWait(new ImagePushed("r", "one", "1", null), Duration.ofSeconds(10));
      raw.send(new ProducerRecord<>(topic, "same-key", bytes("garbage, not a CloudEvent"))).get();
      ProducerRecord<String, byte[]> unknown =
          new ProducerRecord<>(topic, "same-key", bytes("{\"schemaVersion\":1}"));
      unknown.headers().add(CeHeaders.SPEC_VERSION, bytes("1.0"));
      unknown.headers().add(CeHeaders.ID, bytes("x"));
      unknown.headers().add(CeHeaders.SOURCE, bytes("/ci"));
      unknown.headers().add(CeHeaders.TYPE, bytes("com.example.future.event"));
      raw.send(unknown).get();
      publisher.publishAndWait(new ImagePushed("r", "two", "2", null), Duration.ofSeconds(10));

      try (EventConsumer consumer =
          EventConsumer.group(settings, codec, "g-skip")
              .topics(Topic.BUILD_EVENTS)
              .handler(e -> seen.add(e.event()))
              .meters(meters)
              .build()
              .start()) {
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 2);
      }
    }
    assertThat(seen)
        .extracting(e -> ((ImagePushed) e).repository())
        .containsExactlyInAnyOrder("one", "two");
    assertThat(
            meters
                .counter("portolan.events.skipped", "topic", topic, "reason", "malformed")
                .count())
        .isEqualTo(1.0);
    assertThat(
            meters
                .counter("portolan.events.skipped", "topic", topic, "reason", "unsupported")
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void retriesAFailingHandlerThenMovesOn(TestInfo test) throws Exception {
    KafkaSettings settings = settingsFor(test);
    EventCodec codec = new EventCodec(settings.topicPrefix(), "/it");
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    AtomicInteger attemptsOnPoison = new AtomicInteger();
    List<String> handled = new CopyOnWriteArrayList<>();

    try (EventPublisher publisher = new EventPublisher(settings, codec, meters)) {
      // same key, so both land on one partition in this order
      publisher.publishAndWait(new ImagePushed("r", "a", "poison", null), Duration.ofSeconds(10));
      publisher.publishAndWait(new ImagePushed("r", "a", "fine", null), Duration.ofSeconds(10));
    }
    try (EventConsumer consumer =
        EventConsumer.group(settings, codec, "g-retry")
            .topics(Topic.BUILD_EVENTS)
            .handler(
                e -> {
                  ImagePushed image = (ImagePushed) e.event();
                  if (image.tag().equals("poison")) {
                    attemptsOnPoison.incrementAndGet();
                    throw new IllegalStateException("handler bug");
                  }
                  handled.add(image.tag());
                })
            .maxAttempts(3)
            .retryBackoff(Duration.ofMillis(10))
            .meters(meters)
            .build()
            .start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("fine"));
    }
    assertThat(attemptsOnPoison).hasValue(3);
    assertThat(meters.find("portolan.events.failed").counter().count()).isEqualTo(1.0);
  }

  @Test
  void tableModeReadsCompactedStateFromTheBeginningAndSaysWhenCaughtUp(TestInfo test)
      throws Exception {
    KafkaSettings settings = settingsFor(test);
    EventCodec codec = new EventCodec(settings.topicPrefix(), "/it");
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (EventPublisher publisher = new EventPublisher(settings, codec, meters)) {
      for (int i = 0; i < 50; i++) {
        publisher.publish(new CredentialRevoked("cluster:c" + i, "reg"));
      }
      publisher.flush();
    }
    List<Envelope<?>> seen = new CopyOnWriteArrayList<>();
    try (EventConsumer table =
        EventConsumer.table(settings, codec)
            .topics(Topic.CREDENTIALS)
            .handler(seen::add)
            .meters(meters)
            .build()
            .start()) {
      assertThat(table.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertThat(seen).hasSize(50);
    }
    // a second reader starts over: table mode commits nothing
    List<Envelope<?>> again = new CopyOnWriteArrayList<>();
    try (EventConsumer table =
        EventConsumer.table(settings, codec)
            .topics(Topic.CREDENTIALS)
            .handler(again::add)
            .meters(meters)
            .build()
            .start()) {
      assertThat(table.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertThat(again).hasSize(50);
    }
  }

  @Test
  void anEmptyTopicCountsAsCaughtUpAtOnce(TestInfo test) throws Exception {
    KafkaSettings settings = settingsFor(test);
    EventCodec codec = new EventCodec(settings.topicPrefix(), "/it");
    try (EventConsumer table =
        EventConsumer.table(settings, codec)
            .topics(Topic.REGISTRY_CHANGES)
            .handler(e -> {})
            .meters(new SimpleMeterRegistry())
            .build()
            .start()) {
      assertThat(table.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
    }
  }

  private KafkaProducer<String, byte[]> rawProducer() {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", kafka.bootstrapServers()),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
