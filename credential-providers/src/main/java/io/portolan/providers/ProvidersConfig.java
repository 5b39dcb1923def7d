package io.portolan.providers;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.time.Duration;

/**
 * {@code portolan.providers.*} (environment {@code PORTOLAN_PROVIDERS_*}): where the cloud
 * endpoints are. Leave them out for the public clouds.
 *
 * @param ecrEndpoint the ECR API (a VPC endpoint, a test peer)
 * @param stsEndpoint the STS API for role assumption
 * @param googleTokenUri overrides every service-account key's {@code token_uri}
 * @param entraAuthority the Entra authority, e.g. {@code https://login.microsoftonline.us}
 * @param acrTokenScope the scope of the Entra token exchanged at ACR
 * @param requestTimeout how long one upstream call may take
 * @param verifyLongLived log in with long-lived passwords before handing them out
 */
@ConfigurationProperties("portolan.providers")
public record ProvidersConfig(
    @Nullable URI ecrEndpoint,
    @Nullable URI stsEndpoint,
    @Nullable URI googleTokenUri,
    @Nullable URI entraAuthority,
    @Nullable String acrTokenScope,
    @Bindable(defaultValue = "20s") Duration requestTimeout,
    @Bindable(defaultValue = "true") boolean verifyLongLived) {}
