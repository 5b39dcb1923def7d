package io.portolan.events;

import java.util.Objects;
import java.util.function.Function;

/**
 * One event type of the contract: its CloudEvents {@code type}, the topic it travels on, the record
 * it decodes into and the newest schema version this code reads.
 *
 * @param fromKey for tombstone types (null value on Kafka): rebuilds the event from the key
 */
public record EventType<E extends PortolanEvent>(
    String type, Topic topic, Class<E> dataClass, int schemaVersion, Function<String, E> fromKey) {

  public EventType {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(dataClass, "dataClass");
  }

  /** Whether the event travels as a Kafka tombstone, with no data. */
  public boolean tombstone() {
    return fromKey != null;
  }

  /** The CloudEvents {@code dataschema} of this version. */
  public String dataSchema() {
    return "urn:portolan:schema:" + type + ":v" + schemaVersion;
  }
}
