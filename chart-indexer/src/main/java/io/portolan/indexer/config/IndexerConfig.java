package io.portolan.indexer.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code portolan.indexer.*}.
 *
 * @param name this indexer's id; it is consumer {@code indexer:<name>}
 * @param resyncInterval how often every chart registry is indexed again, to catch pushes made by
 *     other tools
 */
@ConfigurationProperties("portolan.indexer")
public record IndexerConfig(
    @Bindable(defaultValue = "main") String name,
    @Bindable(defaultValue = "portolan-indexer-keyset.json") String keysetFile,
    @Nullable String joinToken,
    @Nullable String joinTokenId,
    @Bindable(defaultValue = "10m") Duration resyncInterval) {}
