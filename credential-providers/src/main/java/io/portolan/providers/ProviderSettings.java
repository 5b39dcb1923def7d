package io.portolan.providers;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where the providers' endpoints are and how long to wait for them. Every endpoint can be pointed
 * elsewhere (a VPC endpoint, a sovereign cloud, a test peer); null means the provider's default.
 *
 * @param ecrEndpoint the ECR API, e.g. {@code https://api.ecr.eu-west-1.amazonaws.com}
 * @param stsEndpoint the STS API used to assume roles
 * @param googleTokenUri overrides the {@code token_uri} of every service-account key
 * @param entraAuthority the Entra (Azure AD) authority, {@code https://login.microsoftonline.com}
 * @param acrTokenScope the scope of the Entra token exchanged at ACR
 * @param registryEndpoints registry host to the address to reach it at instead ({@code
 *     host[:port]}, or {@code http://host:port} for plain HTTP); applies to ACR's exchange too
 * @param requestTimeout the time one upstream call may take
 * @param verifyLongLived check long-lived logins against the registry's {@code /v2/} first
 */
public record ProviderSettings(
    URI ecrEndpoint,
    URI stsEndpoint,
    URI googleTokenUri,
    URI entraAuthority,
    String acrTokenScope,
    Map<String, String> registryEndpoints,
    Duration requestTimeout,
    boolean verifyLongLived) {
  public static final URI ENTRA = URI.create("https://login.microsoftonline.com");
  public static final String ACR_SCOPE = "https://management.azure.com/.default";

  public ProviderSettings {
    entraAuthority = entraAuthority == null ? ENTRA : entraAuthority;
    acrTokenScope = acrTokenScope == null || acrTokenScope.isBlank() ? ACR_SCOPE : acrTokenScope;
    registryEndpoints = registryEndpoints == null ? Map.of() : Map.copyOf(registryEndpoints);
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(20) : requestTimeout;
  }

  /** The providers' public endpoints. */
  public static ProviderSettings defaults() {
    return new ProviderSettings(null, null, null, null, null, Map.of(), null, true);
  }
}
