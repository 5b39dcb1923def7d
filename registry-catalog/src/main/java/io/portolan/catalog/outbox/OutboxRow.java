package io.portolan.catalog.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code outbox}: one event, as JSON, waiting to be published. */
@MappedEntity("outbox")
public record OutboxRow(
    @Id @GeneratedValue @Nullable Long id,
    UUID eventId,
    String eventType,
    String eventKey,
    byte[] payload,
    Instant createdAt,
    @Nullable Instant publishedAt) {}
