package io.portolan.testkit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.portolan.events.Envelope;
import io.portolan.events.EventCodec;
import io.portolan.events.PortolanEvent;
import io.portolan.events.Topic;
import io.portolan.events.kafka.EventConsumer;
import io.portolan.events.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Reads topics from the beginning and keeps every event, so that a test can wait for the one it
 * expects: {@code recorder.await(RegistryChanged.class, e -> e.revision() == 2)}.
 *
 * <p>Thread-safe.
 */
public final class EventRecorder implements AutoCloseable {
  private final List<Envelope<?>> seen = new CopyOnWriteArrayList<>();
  private final EventConsumer consumer;

  private EventRecorder(KafkaSettings settings, Topic... topics) {
    this.consumer =
        EventConsumer.table(settings, new EventCodec(settings.topicPrefix(), "/test"))
            .name("recorder-" + topics[0].baseName())
            .topics(topics)
            .handler(seen::add)
            .meters(new SimpleMeterRegistry())
            .build()
            .start();
  }

  public static EventRecorder start(KafkaSettings settings, Topic... topics) {
    return new EventRecorder(settings, topics);
  }

  /** Waits (up to 30 s) for an event of the type that matches, and returns it. */
  public <E extends PortolanEvent> E await(Class<E> type, Predicate<E> matching) {
    return await(type, matching, Duration.ofSeconds(30));
  }

  public <E extends PortolanEvent> E await(Class<E> type, Predicate<E> matching, Duration timeout) {
    return org.awaitility.Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> find(type, matching), r -> r != null);
  }

  /** The latest matching event seen so far, or null. */
  public <E extends PortolanEvent> E find(Class<E> type, Predicate<E> matching) {
    for (int i = seen.size() - 1; i >= 0; i--) {
      Object event = seen.get(i).event();
      if (type.isInstance(event) && matching.test(type.cast(event))) {
        return type.cast(event);
      }
    }
    return null;
  }

  /** Every event of the type seen so far, oldest first. */
  public <E extends PortolanEvent> List<E> all(Class<E> type) {
    return seen.stream().map(Envelope::event).filter(type::isInstance).map(type::cast).toList();
  }

  /** Every envelope seen so far. */
  public List<Envelope<?>> envelopes() {
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
