package io.portolan.catalog.consumer;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code join_tokens}: the token AEAD-encrypted, bound to its id. */
@MappedEntity("join_tokens")
public record JoinTokenRow(
    @Id String id,
    byte[] tokenCiphertext,
    long tokenKeyId,
    @Nullable String kind,
    @Nullable String consumerName,
    @Nullable String description,
    Instant expiresAt,
    @Nullable Instant usedAt,
    @Nullable String usedBy,
    Instant createdAt,
    @Nullable String createdBy) {}
