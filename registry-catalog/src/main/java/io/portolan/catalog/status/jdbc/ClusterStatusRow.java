package io.portolan.catalog.status.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** One injector's latest report on a registry; {@code current} and {@code failed} are JSON. */
@MappedEntity("cluster_status")
public record ClusterStatusRow(
    @Id String id,
    String registryId,
    String clusterId,
    long generation,
    @Nullable Instant expiresAt,
    String current,
    String failed,
    Instant at) {}
