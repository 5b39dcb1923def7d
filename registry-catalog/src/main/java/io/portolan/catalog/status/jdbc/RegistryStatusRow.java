package io.portolan.catalog.status.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** The minter's latest report on a registry. */
@MappedEntity("registry_status")
public record RegistryStatusRow(
    @Id String registryId,
    String state,
    long generation,
    @Nullable Instant expiresAt,
    @Nullable String message,
    Instant at) {}
