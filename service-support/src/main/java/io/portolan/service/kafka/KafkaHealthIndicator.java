package io.portolan.service.kafka;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.portolan.events.kafka.EventConsumer;
import io.portolan.events.kafka.KafkaSettings;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.reactivestreams.Publisher;

/**
 * {@code kafka} in {@code /health}: the broker answers, and every consumer has caught up with its
 * topics (a service that has not yet rebuilt its state is not ready).
 */
@Singleton
@Readiness
public class KafkaHealthIndicator implements HealthIndicator {
  private final KafkaSettings settings;
  private final Consumers consumers;

  public KafkaHealthIndicator(KafkaSettings settings, Consumers consumers) {
    this.settings = settings;
    this.consumers = consumers;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    // the admin call blocks for up to 3 s: keep it off the event loop
    return Publishers.fromCompletableFuture(CompletableFuture.supplyAsync(this::check));
  }

  private HealthResult check() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("bootstrapServers", settings.bootstrapServers());
    boolean up;
    try (Admin admin =
        Admin.create(
            Map.of(
                "bootstrap.servers", settings.bootstrapServers(),
                "request.timeout.ms", "3000",
                "default.api.timeout.ms", "3000"))) {
      details.put("brokers", admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size());
      up = true;
    } catch (Exception e) {
      details.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
      up = false;
    }
    Map<String, Object> caughtUp = new LinkedHashMap<>();
    for (EventConsumer consumer : consumers.all()) {
      caughtUp.put(consumer.name(), consumer.caughtUp());
      up &= consumer.caughtUp();
    }
    details.put("consumersCaughtUp", caughtUp);
    return HealthResult.builder("kafka", up ? HealthStatus.UP : HealthStatus.DOWN)
        .details(details)
        .build();
  }
}
