package io.portolan.indexer.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.portolan.events.ChartIndexed;
import io.portolan.events.ChartRemoved;
import io.portolan.events.Envelope;
import io.portolan.service.registries.RegistryDirectory;
import jakarta.inject.Singleton;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Chart changes as they happen, from every indexer instance (it tails {@code chart.changes}), for
 * the server-sent event stream. A slow subscriber misses changes rather than holding others up;
 * after a reconnect a chart store lists again.
 *
 * <p>Thread-safe.
 */
@Singleton
public class ChartChangeFeed {
  /** One change as the feed sends it. */
  @Serdeable
  public record ChartChange(
      String type,
      String registry,
      String repository,
      @Nullable String name,
      String version,
      @Nullable String digest,
      Instant at) {}

  /** A change with its position in {@code chart.changes}, the event id on the stream. */
  public record Positioned(String id, ChartChange change) {}

  private final RegistryDirectory registries;
  private final Sinks.Many<Positioned> sink = Sinks.many().multicast().directBestEffort();

  public ChartChangeFeed(RegistryDirectory registries) {
    this.registries = registries;
  }

  /** Handles one event of {@code chart.changes}; other events are ignored. */
  public void accept(Envelope<?> envelope) {
    ChartChange change;
    if (envelope.event() instanceof ChartIndexed e) {
      change =
          new ChartChange(
              "chart.indexed",
              name(e.registryId()),
              e.repository(),
              e.name(),
              e.version(),
              e.digest(),
              e.indexedAt());
    } else if (envelope.event() instanceof ChartRemoved e) {
      change =
          new ChartChange(
              "chart.removed",
              name(e.registryId()),
              e.repository(),
              e.name(),
              e.version(),
              e.digest(),
              e.removedAt());
    } else {
      return;
    }
    synchronized (sink) { // emissions must not overlap
      sink.tryEmitNext(new Positioned(envelope.partition() + "-" + envelope.offset(), change));
    }
  }

  public Flux<Positioned> changes() {
    return sink.asFlux();
  }

  private String name(String registryId) {
    return registries.get(registryId).map(r -> r.registry().name()).orElse(registryId);
  }
}
