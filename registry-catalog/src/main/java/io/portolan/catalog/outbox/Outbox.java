package io.portolan.catalog.outbox;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import io.portolan.events.EventCodec;
import io.portolan.events.EventTypes;
import io.portolan.events.PortolanEvent;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.UUID;

/**
 * Writes events into the outbox. Call it inside the transaction that makes the change: the event
 * exists exactly when the change does.
 */
@Singleton
public class Outbox {
  /** Published (as an application event) when an outbox row was written. */
  public record Written(long id) {}

  private final OutboxRepository repository;
  private final ApplicationEventPublisher<Written> written;
  private final Clock clock = Clock.systemUTC();

  public Outbox(OutboxRepository repository, ApplicationEventPublisher<Written> written) {
    this.repository = repository;
    this.written = written;
  }

  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public void add(PortolanEvent event) {
    OutboxRow row =
        repository.save(
            new OutboxRow(
                null,
                UUID.randomUUID(),
                EventTypes.of(event).type(),
                event.key(),
                EventCodec.toJson(event),
                clock.instant(),
                null));
    written.publishEvent(new Written(row.id()));
  }
}
