package io.portolan.catalog.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code audit_log}; {@code details} is JSON. */
@MappedEntity("audit_log")
public record AuditRow(
    @Id @GeneratedValue @Nullable Long id,
    Instant at,
    String actor,
    String action,
    String targetType,
    @Nullable String targetId,
    @Nullable String targetName,
    String details) {}
