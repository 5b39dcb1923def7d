package io.portolan.events.kafka;

import io.portolan.events.Topic;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach Kafka.
 *
 * @param bootstrapServers {@code host:port[,host:port]}
 * @param topicPrefix prepended to every topic name, {@code portolan.} by default
 * @param clientId a name for this process's clients (shows in broker logs and metrics)
 * @param properties further Kafka client properties (security, timeouts), passed through as given
 */
public record KafkaSettings(
    String bootstrapServers, String topicPrefix, String clientId, Map<String, String> properties) {

  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    topicPrefix = topicPrefix == null ? Topic.DEFAULT_PREFIX : topicPrefix;
    clientId = clientId == null ? "portolan" : clientId;
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  public KafkaSettings(String bootstrapServers, String topicPrefix, String clientId) {
    this(bootstrapServers, topicPrefix, clientId, Map.of());
  }

  /** Common client properties plus the pass-through ones. */
  public Map<String, Object> clientProperties(String clientIdSuffix) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("client.id", clientId + "-" + clientIdSuffix);
    props.put("reconnect.backoff.max.ms", "5000");
    props.put("request.timeout.ms", "30000");
    props.putAll(properties);
    return props;
  }
}
