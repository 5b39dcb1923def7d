package io.portolan.pusher.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code portolan.pusher.*}.
 *
 * @param name this pusher's id; it is consumer {@code pusher:<name>}
 * @param maxCompressedBytes largest accepted {@code .tgz}
 * @param maxUncompressedBytes largest unpacked size (gzip bombs stop here)
 * @param maxEntries most files in a chart
 */
@ConfigurationProperties("portolan.pusher")
public record PusherConfig(
    @Bindable(defaultValue = "main") String name,
    @Bindable(defaultValue = "portolan-pusher-keyset.json") String keysetFile,
    @Nullable String joinToken,
    @Nullable String joinTokenId,
    @Bindable(defaultValue = "10485760") long maxCompressedBytes,
    @Bindable(defaultValue = "52428800") long maxUncompressedBytes,
    @Bindable(defaultValue = "5000") int maxEntries) {}
