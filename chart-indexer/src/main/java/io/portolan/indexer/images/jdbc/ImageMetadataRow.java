package io.portolan.indexer.images.jdbc;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code image_metadata}; {@code id} is {@code <registryId>/<repository>:<reference>}. */
@MappedEntity("image_metadata")
public record ImageMetadataRow(
    @Id String id,
    String registryId,
    String repository,
    String reference,
    String digest,
    String metadata,
    Instant fetchedAt) {}
