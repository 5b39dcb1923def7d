package io.portolan.service.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.portolan.events.EventCodec;
import io.portolan.events.Topic;
import io.portolan.events.kafka.EventConsumer;
import io.portolan.events.kafka.KafkaSettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts a service's event consumers and stops them when the application stops. Readiness counts a
 * service ready once every consumer has caught up with its topics.
 *
 * <p>Thread-safe.
 */
@Singleton
public class Consumers {
  private final KafkaSettings settings;
  private final EventCodec codec;
  private final MeterRegistry meters;
  private final List<EventConsumer> started = new CopyOnWriteArrayList<>();

  public Consumers(KafkaSettings settings, EventCodec codec, MeterRegistry meters) {
    this.settings = settings;
    this.codec = codec;
    this.meters = meters;
  }

  /** Reads compacted topics from the beginning, without a group, and keeps reading. */
  public EventConsumer table(String name, EventConsumer.Handler handler, Topic... topics) {
    return start(EventConsumer.table(settings, codec).name(name).topics(topics).handler(handler));
  }

  /** Reads what is published from now on, without a group (a live feed). */
  public EventConsumer tail(String name, EventConsumer.Handler handler, Topic... topics) {
    return start(EventConsumer.tail(settings, codec).name(name).topics(topics).handler(handler));
  }

  /** A member of a consumer group. */
  public EventConsumer group(
      String groupId,
      EventConsumer.Handler handler,
      EventConsumer.PartitionListener listener,
      Topic... topics) {
    EventConsumer.Builder builder =
        EventConsumer.group(settings, codec, groupId).name(groupId).topics(topics).handler(handler);
    if (listener != null) {
      builder.partitionListener(listener);
    }
    return start(builder);
  }

  private EventConsumer start(EventConsumer.Builder builder) {
    EventConsumer consumer = builder.meters(meters).build();
    started.add(consumer);
    return consumer.start();
  }

  public List<EventConsumer> all() {
    return List.copyOf(started);
  }

  /** Waits until every consumer started so far has caught up; false on timeout. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (EventConsumer consumer : started) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !consumer.awaitCaughtUp(Duration.ofNanos(left))) {
        return false;
      }
    }
    return true;
  }

  /** Stops consuming before beans the handlers use are destroyed. */
  @io.micronaut.runtime.event.annotation.EventListener
  void onShutdown(io.micronaut.context.event.ShutdownEvent event) {
    stop();
  }

  @PreDestroy
  void stop() {
    started.forEach(EventConsumer::close);
    started.clear();
  }
}
