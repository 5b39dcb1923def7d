package io.portolan.catalog.registry.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code registries}.
 *
 * @param snapshot the non-secret {@code RegistrySnapshot} as contract JSON
 * @param secrets AEAD ciphertext of the {@code RootCredentials} JSON, null for public registries
 * @param secretsKeyId the master key id that wrote {@code secrets}
 * @param secretsSet comma-separated names of the secrets that are set (so responses can say so)
 */
@MappedEntity("registries")
public record RegistryRow(
    @Id UUID id,
    String name,
    String provider,
    String url,
    @MappedProperty("is_default") boolean defaultRegistry,
    boolean pushHelm,
    boolean chartRepository,
    long revision,
    String snapshot,
    @Nullable byte[] secrets,
    @Nullable Long secretsKeyId,
    String secretsSet,
    Instant createdAt,
    Instant updatedAt,
    @Nullable String createdBy,
    @Nullable String updatedBy) {}
