package io.portolan.catalog.outbox;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import io.portolan.catalog.config.CatalogConfig;
import io.portolan.events.EventCodec;
import io.portolan.events.EventType;
import io.portolan.events.EventTypes;
import io.portolan.events.PortolanEvent;
import io.portolan.events.kafka.EventPublisher;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox rows to Kafka, oldest first, and marks them published in the same transaction
 * that locked them. A PostgreSQL advisory lock lets one catalog instance relay at a time, so events
 * of one registry reach Kafka in revision order (compaction keeps the last one written). A crash
 * after publishing and before commit publishes the rows again with the same event ids; consumers
 * ignore revisions they have already seen. A write wakes the relay at once; otherwise it looks
 * every {@code portolan.catalog.outbox-interval}.
 *
 * <p>Thread-safe: one relay thread does the work.
 */
@Context
@Requires(property = "portolan.catalog.background", notEquals = "false")
public class OutboxRelay {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int BATCH = 200;

  private final OutboxRepository repository;
  private final TransactionOperations<Connection> transactions;
  private final EventPublisher publisher;
  private final Duration interval;
  private final Semaphore wake = new Semaphore(0);
  private final Thread thread;
  private final Clock clock = Clock.systemUTC();
  private volatile boolean running = true;

  public OutboxRelay(
      OutboxRepository repository,
      TransactionOperations<Connection> transactions,
      EventPublisher publisher,
      CatalogConfig config) {
    this.repository = repository;
    this.transactions = transactions;
    this.publisher = publisher;
    this.interval = config.outboxInterval();
    this.thread = new Thread(this::run, "outbox-relay");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Wakes the relay after a transaction that wrote outbox rows commits. */
  @TransactionalEventListener(TransactionalEventListener.TransactionPhase.AFTER_COMMIT)
  void onWritten(Outbox.Written written) {
    wake.release();
  }

  private void run() {
    while (running) {
      try {
        int published = relayOnce();
        if (published == BATCH) {
          continue; // more may be waiting
        }
        wake.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (running && !Thread.currentThread().isInterrupted()) {
          LOG.warn("Outbox relay could not publish; retrying: {}", e.toString());
          try {
            Thread.sleep(1000);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  /** Publishes one batch; returns how many rows it published. */
  public int relayOnce() {
    return transactions.executeWrite(
        status -> {
          if (!repository.tryRelayLock()) {
            return 0; // another instance is relaying
          }
          List<OutboxRow> rows = repository.findUnpublished(BATCH);
          if (rows.isEmpty()) {
            return 0;
          }
          List<CompletableFuture<?>> sends = new ArrayList<>();
          for (OutboxRow row : rows) {
            EventType<?> type =
                EventTypes.byType(row.eventType())
                    .orElseThrow(
                        () -> new IllegalStateException("Unknown outbox type " + row.eventType()));
            PortolanEvent event;
            try {
              event = EventCodec.fromJson(type, row.payload());
            } catch (java.io.IOException e) {
              throw new IllegalStateException("Outbox row " + row.id() + " is not readable", e);
            }
            sends.add(publisher.publish(event, row.eventId().toString(), row.createdAt()));
          }
          try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .get(60, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge the outbox batch: " + e, e);
          }
          repository.markPublished(rows.stream().map(OutboxRow::id).toList(), clock.instant());
          LOG.debug("Relayed {} outbox events", rows.size());
          return rows.size();
        });
  }

  /** Unpublished rows, for health and tests. */
  public long backlog() {
    return repository.countByPublishedAtIsNull();
  }

  /** Stops relaying before the datasource closes. */
  @io.micronaut.runtime.event.annotation.EventListener
  void onShutdown(io.micronaut.context.event.ShutdownEvent event) {
    stop();
  }

  @PreDestroy
  void stop() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
