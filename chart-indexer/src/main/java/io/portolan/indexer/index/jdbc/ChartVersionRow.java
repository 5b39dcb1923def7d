package io.portolan.indexer.index.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;

/** A row of {@code chart_versions}; {@code id} is {@code <registryId>/<repository>:<tag>}. */
@MappedEntity("chart_versions")
public record ChartVersionRow(
    @Id String id,
    String registryId,
    String repository,
    String tag,
    String name,
    String version,
    String digest,
    @Nullable String appVersion,
    @Nullable String description,
    @Nullable String apiVersion,
    @Nullable @MappedProperty("chart_type") String type,
    boolean deprecated,
    String metadata,
    @Nullable String created,
    long size,
    Instant indexedAt) {}
