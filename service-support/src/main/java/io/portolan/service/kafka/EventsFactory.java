package io.portolan.service.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.portolan.events.EventCodec;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.events.kafka.KafkaSettings;
import io.portolan.events.kafka.TopicProvisioner;
import jakarta.inject.Singleton;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Kafka settings, codec and publisher of a service. */
@Factory
public class EventsFactory {
  private static final Logger LOG = LoggerFactory.getLogger(EventsFactory.class);

  @Singleton
  KafkaSettings kafkaSettings(
      KafkaConfig config, @Value("${micronaut.application.name}") String application) {
    KafkaSettings settings =
        new KafkaSettings(
            config.bootstrapServers(),
            config.topicPrefix(),
            application,
            config.properties() == null ? Map.of() : config.properties());
    if (config.provisionTopics()) {
      TopicProvisioner.ensureTopics(settings, config.partitions(), config.replicationFactor());
    }
    LOG.info(
        "Using Kafka at [{}] with topic prefix [{}]",
        settings.bootstrapServers(),
        settings.topicPrefix());
    return settings;
  }

  @Singleton
  EventCodec eventCodec(
      KafkaSettings settings, @Value("${micronaut.application.name}") String application) {
    return new EventCodec(settings.topicPrefix(), "/portolan/" + application);
  }

  @Singleton
  @Bean(preDestroy = "close")
  EventPublisher eventPublisher(KafkaSettings settings, EventCodec codec, MeterRegistry meters) {
    return new EventPublisher(settings, codec, meters);
  }
}
