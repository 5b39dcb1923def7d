package io.portolan.providers;

import io.portolan.events.RegistrySnapshot;
import io.portolan.events.sealed.RootCredentials;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ACR. With a tenant id: an Entra access token for the service principal (client-credentials
 * grant), exchanged at {@code https://<registry>/oauth2/exchange} for an ACR refresh token, which
 * logs in as user {@code 00000000-0000-0000-0000-000000000000} until its {@code exp}. Without a
 * tenant id the username and password (admin user or service principal) pass through.
 */
final class AcrMinter implements TokenMinter {
  static final String TOKEN_USER = "00000000-0000-0000-0000-000000000000";

  private final ProviderSettings settings;
  private final FormClient forms;
  private final TokenMinter passThrough;
  private final Clock clock;

  AcrMinter(ProviderSettings settings, FormClient forms, TokenMinter passThrough, Clock clock) {
    this.settings = settings;
    this.forms = forms;
    this.passThrough = passThrough;
    this.clock = clock;
  }

  @Override
  public MintedCredential mint(RegistrySnapshot registry, RootCredentials root)
      throws MintException {
    String tenant = registry.settings().tenantId();
    if (tenant == null || tenant.isBlank()) {
      return passThrough.mint(registry, root);
    }
    if (root == null || root.username() == null || root.password() == null) {
      throw new MintException(
          "the ACR registry has no service principal (client id and secret)", false);
    }
    Map<String, String> grant = new LinkedHashMap<>();
    grant.put("grant_type", "client_credentials");
    grant.put("client_id", root.username());
    grant.put("client_secret", root.password());
    grant.put("scope", settings.acrTokenScope());
    URI authority = settings.entraAuthority();
    URI tokenUri = URI.create(trim(authority.toString()) + "/" + tenant + "/oauth2/v2.0/token");
    FormClient.Answer entra = forms.post(tokenUri, grant, "get an Entra token");
    String aad = entra.body().path("access_token").asText(null);
    if (entra.status() != 200 || aad == null) {
      throw new MintException(
          "Entra refused a token for service principal ["
              + root.username()
              + "] in tenant "
              + tenant
              + ": "
              + entra.error(),
          entra.status() >= 500 || entra.status() == 429);
    }
    Map<String, String> exchange = new LinkedHashMap<>();
    exchange.put("grant_type", "access_token");
    exchange.put("service", registry.host());
    exchange.put("tenant", tenant);
    exchange.put("access_token", aad);
    URI exchangeUri = URI.create(registryBase(registry) + "/oauth2/exchange");
    FormClient.Answer acr = forms.post(exchangeUri, exchange, "exchange the Entra token at ACR");
    String refresh = acr.body().path("refresh_token").asText(null);
    if (acr.status() != 200 || refresh == null) {
      throw new MintException(
          registry.host()
              + " refused to exchange the Entra token of ["
              + root.username()
              + "]: "
              + acr.error()
              + (acr.status() == 401 || acr.status() == 403
                  ? "; give the service principal a pull role (AcrPull) on the registry"
                  : ""),
          acr.status() >= 500 || acr.status() == 429);
    }
    Instant now = clock.instant();
    Instant expires = Jwts.expiry(refresh);
    return new MintedCredential(
        TOKEN_USER, refresh, now, expires == null ? now.plus(Duration.ofHours(3)) : expires);
  }

  /** {@code https://<host>}, or where configuration says the registry is. */
  private String registryBase(RegistrySnapshot registry) {
    String address = settings.registryEndpoints().get(registry.host());
    if (address == null) {
      return "https://" + registry.host();
    }
    return trim(address.contains("://") ? address : "https://" + address);
  }

  private static String trim(String uri) {
    return uri.replaceAll("/+$", "");
  }
}
