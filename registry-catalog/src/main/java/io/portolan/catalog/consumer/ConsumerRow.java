package io.portolan.catalog.consumer;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code consumers}. {@code state} is PENDING, APPROVED or REVOKED. */
@MappedEntity("consumers")
public record ConsumerRow(
    @Id String consumerId,
    String kind,
    String publicKeyset,
    String keyFingerprint,
    String capabilities,
    String state,
    @Nullable String approvedFingerprint,
    @Nullable String softwareVersion,
    Instant announcedAt,
    @Nullable Instant decidedAt,
    @Nullable String decidedBy) {}
