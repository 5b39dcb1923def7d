package io.portolan.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Encodes contract events as CloudEvents 1.0 in Kafka binary mode ({@code ce_*} headers, JSON data)
 * and decodes them back. Tombstone types are written with a null value and still carry their {@code
 * ce_*} headers.
 *
 * <p>Immutable and thread-safe.
 */
public final class EventCodec {
  private final String topicPrefix;
  private final URI source;
  private final Clock clock;

  /**
   * @param topicPrefix prepended to every topic's base name, e.g. {@code portolan.}
   * @param source the CloudEvents {@code source} of events this codec encodes, e.g. {@code
   *     /portolan/registry-catalog}
   */
  public EventCodec(String topicPrefix, String source, Clock clock) {
    this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
    this.source = URI.create(Objects.requireNonNull(source, "source"));
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public EventCodec(String topicPrefix, String source) {
    this(topicPrefix, source, Clock.systemUTC());
  }

  public String topicPrefix() {
    return topicPrefix;
  }

  /** The full Kafka name of a topic under this codec's prefix. */
  public String topicName(Topic topic) {
    return topic.fullName(topicPrefix);
  }

  /** Encodes an event with a fresh id and the current time. */
  public ProducerRecord<String, byte[]> encode(PortolanEvent event) {
    return encode(event, UUID.randomUUID().toString(), clock.instant());
  }

  /**
   * Encodes an event with a given id and time, so that a re-sent event (an outbox relayed twice)
   * stays the same event.
   */
  public ProducerRecord<String, byte[]> encode(PortolanEvent event, String id, Instant time) {
    EventType<PortolanEvent> type = EventTypes.of(event);
    String key = event.key();
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(id)
            .withSource(source)
            .withType(type.type())
            .withTime(OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
            .withSubject(key)
            .withDataSchema(URI.create(type.dataSchema()));
    if (!type.tombstone()) {
      builder.withData(CeHeaders.JSON, toJson(event));
    }
    return KafkaMessageFactory.createWriter(topicName(type.topic()), key)
        .writeBinary(builder.build());
  }

  /** The JSON data of an event, as written on the wire. */
  public static byte[] toJson(PortolanEvent event) {
    try {
      return EventJson.mapper().writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Tried to write " + event.getClass().getSimpleName() + " as JSON but failed", e);
    }
  }

  /** Reads event data of a known type from JSON (for golden files and the outbox). */
  public static <E extends PortolanEvent> E fromJson(EventType<E> type, byte[] json)
      throws IOException {
    return EventJson.mapper().readValue(json, type.dataClass());
  }

  /** Decodes a record read from a topic of this contract. Never throws for bad input. */
  public Decoded decode(ConsumerRecord<String, byte[]> record) {
    Topic topic = Topic.fromFullName(topicPrefix, record.topic()).orElse(null);
    if (topic == null) {
      return new Decoded.Malformed("topic [" + record.topic() + "] is not part of the contract");
    }
    Header typeHeader = record.headers().lastHeader(CeHeaders.TYPE);
    if (typeHeader == null) {
      if (record.value() == null && topic == Topic.CREDENTIALS) {
        // a plain tombstone (no ce_* headers) still revokes: compaction tools write those
        return tombstone(EventTypes.CREDENTIAL_REVOKED, record, null, null, null);
      }
      return new Decoded.Malformed("no " + CeHeaders.TYPE + " header");
    }
    String typeName = new String(typeHeader.value(), java.nio.charset.StandardCharsets.UTF_8);
    EventType<?> type = EventTypes.byType(typeName).orElse(null);
    if (type == null) {
      return new Decoded.Unsupported(typeName, "unknown event type");
    }
    if (type.topic() != topic) {
      return new Decoded.Malformed(
          "type [" + typeName + "] does not belong on topic [" + record.topic() + "]");
    }
    CloudEvent cloudEvent;
    try {
      MessageReader reader = KafkaMessageFactory.createReader(record);
      cloudEvent = reader.toEvent();
    } catch (CloudEventRWException | IllegalStateException e) {
      return new Decoded.Malformed("not a CloudEvent: " + e.getMessage());
    }
    Instant time =
        cloudEvent.getTime() != null
            ? cloudEvent.getTime().toInstant()
            : Instant.ofEpochMilli(record.timestamp());
    String id = cloudEvent.getId();
    String sourceName = cloudEvent.getSource() == null ? null : cloudEvent.getSource().toString();
    if (type.tombstone()) {
      return tombstone(type, record, id, sourceName, time);
    }
    if (cloudEvent.getData() == null) {
      return new Decoded.Malformed("event [" + id + "] of type [" + typeName + "] has no data");
    }
    PortolanEvent event;
    try {
      event = fromJson(type, cloudEvent.getData().toBytes());
    } catch (IOException | RuntimeException e) {
      return new Decoded.Malformed(
          "data of event [" + id + "] is not a valid " + typeName + ": " + firstLine(e));
    }
    if (event.schemaVersion() < 1) {
      return new Decoded.Malformed("data of event [" + id + "] has no schemaVersion");
    }
    if (event.schemaVersion() > type.schemaVersion()) {
      return new Decoded.Unsupported(
          typeName,
          "schemaVersion "
              + event.schemaVersion()
              + " is newer than "
              + type.schemaVersion()
              + ", which this service reads");
    }
    return new Decoded.Ok(
        new Envelope<>(
            topic,
            record.key(),
            id,
            sourceName,
            typeName,
            time,
            event,
            record.partition(),
            record.offset()));
  }

  private static Decoded tombstone(
      EventType<?> type, ConsumerRecord<String, byte[]> record, String id, String src, Instant t) {
    try {
      PortolanEvent event = type.fromKey().apply(record.key());
      Instant time = t != null ? t : Instant.ofEpochMilli(record.timestamp());
      return new Decoded.Ok(
          new Envelope<>(
              type.topic(),
              record.key(),
              id,
              src,
              type.type(),
              time,
              event,
              record.partition(),
              record.offset()));
    } catch (RuntimeException e) {
      return new Decoded.Malformed("tombstone with a bad key: " + e.getMessage());
    }
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
