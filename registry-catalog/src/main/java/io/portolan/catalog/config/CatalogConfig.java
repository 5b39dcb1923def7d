package io.portolan.catalog.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code portolan.catalog.*}.
 *
 * @param masterKeyset the Tink AEAD keyset (JSON) that encrypts secrets at rest; or
 * @param masterKeysetFile a file holding it
 * @param minterPublicKeyset the minter's public sealing keyset (JSON); or
 * @param minterPublicKeysetFile a file holding it
 * @param bootstrapAdminToken an admin API token to accept from the start; when absent and no admin
 *     token exists yet, one is generated and printed once
 * @param bootstrapJoinToken a reusable join token that approves consumers presenting a proof of it
 *     (for the embedded platform and development; prefer one-time join tokens elsewhere)
 * @param outboxInterval how often the relay looks for unpublished events
 */
@ConfigurationProperties("portolan.catalog")
public record CatalogConfig(
    @Nullable String masterKeyset,
    @Nullable String masterKeysetFile,
    @Nullable String minterPublicKeyset,
    @Nullable String minterPublicKeysetFile,
    @Nullable String bootstrapAdminToken,
    @Nullable String bootstrapJoinToken,
    @Bindable(defaultValue = "200ms") Duration outboxInterval) {}
