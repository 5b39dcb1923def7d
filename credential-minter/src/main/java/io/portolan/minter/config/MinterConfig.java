package io.portolan.minter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code portolan.minter.*}.
 *
 * @param privateKeyset the minter's private sealing keyset (Tink JSON), which opens root
 *     credentials the catalog sealed to it; or
 * @param privateKeysetFile a file holding it
 */
@ConfigurationProperties("portolan.minter")
public record MinterConfig(@Nullable String privateKeyset, @Nullable String privateKeysetFile) {}
