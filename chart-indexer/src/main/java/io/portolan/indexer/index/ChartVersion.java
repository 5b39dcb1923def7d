package io.portolan.indexer.index;

import java.time.Instant;

/**
 * One indexed chart version.
 *
 * @param metadata the config blob (Chart.yaml as JSON) exactly as the registry served it
 * @param size the chart layer's size in bytes
 * @param created the manifest's {@code org.opencontainers.image.created}, when present
 */
public record ChartVersion(
    String registryId,
    String repository,
    String tag,
    String name,
    String version,
    String digest,
    String appVersion,
    String description,
    String apiVersion,
    String type,
    boolean deprecated,
    String metadata,
    String created,
    long size,
    Instant indexedAt) {}
