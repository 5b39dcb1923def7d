package io.portolan.catalog.status.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** The indexer's latest pass over a registry. */
@MappedEntity("index_status")
public record IndexStatusRow(
    @Id String registryId,
    String state,
    int repositories,
    int charts,
    int skipped,
    @Nullable String message,
    Instant at) {}
