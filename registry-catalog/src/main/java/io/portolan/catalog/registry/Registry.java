package io.portolan.catalog.registry;

import io.portolan.events.RegistrySnapshot;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A stored registry: its non-secret snapshot, which secrets are set, and its revision. */
public record Registry(
    UUID id,
    RegistrySnapshot snapshot,
    Set<String> secretsSet,
    long revision,
    Instant createdAt,
    Instant updatedAt) {}
