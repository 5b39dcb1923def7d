package io.portolan.catalog.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code api_tokens}: the token's SHA-256, never the token. */
@MappedEntity("api_tokens")
public record ApiTokenRow(
    @Id UUID id,
    String name,
    String role,
    @MappedProperty("token_sha256") String tokenSha256,
    Instant createdAt,
    @Nullable String createdBy,
    @Nullable Instant revokedAt) {}
