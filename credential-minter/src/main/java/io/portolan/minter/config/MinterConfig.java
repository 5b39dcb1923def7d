package io.portolan.minter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code portolan.minter.*}.
 *
 * @param privateKeyset the minter's private sealing keyset (Tink JSON), which opens root
 *     credentials the catalog sealed to it; or
 * @param privateKeysetFile a file holding it
 * @param refreshInterval how often credentials are refreshed (at most; half their lifetime when
 *     that is sooner) for registries without {@code tokenRefreshMinutes}; long-lived logins are
 *     checked again this often
 * @param retryBase the first delay after a failed mint; it doubles with each failure
 * @param retryMax the longest delay between attempts
 * @param ecrRequestsPerSecond ECR calls per second per AWS account and region (ECR allows 20)
 * @param workers how many mints run at once
 * @param tick how often the scheduler looks for due mints
 * @param group the consumer group that splits identities between minter instances
 */
@ConfigurationProperties("portolan.minter")
public record MinterConfig(
    @Nullable String privateKeyset,
    @Nullable String privateKeysetFile,
    @Bindable(defaultValue = "6h") Duration refreshInterval,
    @Bindable(defaultValue = "30s") Duration retryBase,
    @Bindable(defaultValue = "15m") Duration retryMax,
    @Bindable(defaultValue = "10") double ecrRequestsPerSecond,
    @Bindable(defaultValue = "8") int workers,
    @Bindable(defaultValue = "1s") Duration tick,
    @Bindable(defaultValue = "credential-minter") String group) {}
