package io.portolan.minter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code portolan.minter.*}.
 *
 * @param privateKeyset the minter's private sealing keyset (Tink JSON), which opens root
 *     credentials the catalog sealed to it; or
 * @param privateKeysetFile a file holding it
 * @param verifyLongLived check long-lived passwords against the registry's {@code /v2/} before
 *     handing them out
 */
@ConfigurationProperties("portolan.minter")
public record MinterConfig(
    @Nullable String privateKeyset,
    @Nullable String privateKeysetFile,
    @Bindable(defaultValue = "true") boolean verifyLongLived) {}
