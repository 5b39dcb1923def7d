package io.portolan.service.kafka;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import java.util.Map;

/**
 * {@code portolan.kafka.*}: how a service reaches Kafka. Environment variables work as usual
 * ({@code PORTOLAN_KAFKA_BOOTSTRAP_SERVERS}).
 *
 * @param properties further Kafka client properties, passed through as given ({@code
 *     portolan.kafka.properties.security.protocol=SASL_SSL})
 * @param provisionTopics create missing topics at start (turn off where an operator manages them)
 */
@ConfigurationProperties("portolan.kafka")
public record KafkaConfig(
    @Bindable(defaultValue = DEFAULT_BOOTSTRAP) String bootstrapServers,
    @Bindable(defaultValue = DEFAULT_PREFIX) String topicPrefix,
    @Nullable @MapFormat(transformation = MapFormat.MapTransformation.FLAT)
        Map<String, String> properties,
    @Bindable(defaultValue = "true") boolean provisionTopics,
    @Bindable(defaultValue = "6") int partitions,
    @Bindable(defaultValue = "1") short replicationFactor) {
  public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
  public static final String DEFAULT_PREFIX = "portolan.";
}
