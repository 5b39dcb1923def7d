package io.portolan.events.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portolan.events.EventCodec;
import io.portolan.events.EventTypes;
import io.portolan.events.PortolanEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes contract events with an idempotent producer ({@code acks=all}): Kafka retries never
 * duplicate or reorder a partition's records.
 *
 * <p>Thread-safe (the Kafka producer is).
 */
public final class EventPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

  private final KafkaProducer<String, byte[]> producer;
  private final EventCodec codec;
  private final MeterRegistry meters;

  public EventPublisher(KafkaSettings settings, EventCodec codec, MeterRegistry meters) {
    this.codec = codec;
    this.meters = meters;
    Map<String, Object> props = settings.clientProperties("producer");
    props.putIfAbsent("enable.idempotence", "true");
    props.putIfAbsent("acks", "all");
    // One request in flight per connection: a retried batch can never be overtaken by a later one.
    // Events here are small and few; ordering per key matters more than pipelining.
    props.putIfAbsent("max.in.flight.requests.per.connection", "1");
    props.putIfAbsent("linger.ms", "5");
    props.putIfAbsent("compression.type", "lz4");
    props.putIfAbsent("max.block.ms", "30000");
    props.putIfAbsent("delivery.timeout.ms", "120000");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  public EventCodec codec() {
    return codec;
  }

  /** Sends an event; the future completes when every in-sync replica has it. */
  public CompletableFuture<RecordMetadata> publish(PortolanEvent event) {
    return send(codec.encode(event), EventTypes.of(event).type());
  }

  /** Sends an event with a fixed id and time (an outbox relay re-sending the same event). */
  public CompletableFuture<RecordMetadata> publish(PortolanEvent event, String id, Instant time) {
    return send(codec.encode(event, id, time), EventTypes.of(event).type());
  }

  /** Sends and waits; throws when the broker did not acknowledge in time. */
  public RecordMetadata publishAndWait(PortolanEvent event, Duration timeout) {
    try {
      return publish(event).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while publishing " + event.key(), e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "Tried to publish "
              + EventTypes.of(event).type()
              + " ["
              + event.key()
              + "] but failed because: "
              + cause,
          cause);
    }
  }

  private CompletableFuture<RecordMetadata> send(
      ProducerRecord<String, byte[]> record, String type) {
    CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error == null) {
              counter("portolan.events.published", record.topic(), type).increment();
              result.complete(metadata);
            } else {
              counter("portolan.events.publish.failed", record.topic(), type).increment();
              LOG.warn(
                  "Could not publish [{}] with key [{}] to [{}]: {}",
                  type,
                  record.key(),
                  record.topic(),
                  error.toString());
              result.completeExceptionally(error);
            }
          });
    } catch (RuntimeException e) {
      counter("portolan.events.publish.failed", record.topic(), type).increment();
      result.completeExceptionally(e);
    }
    return result;
  }

  private Counter counter(String name, String topic, String type) {
    return Counter.builder(name).tag("topic", topic).tag("type", type).register(meters);
  }

  /** Waits until every event sent so far is acknowledged. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
