package io.portolan.testkit.peers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.portolan.events.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An Azure Container Registry's token side, after Azure/acr {@code docs/AAD-OAuth.md}: {@code POST
 * /oauth2/exchange} turns an Entra access token (checked with the {@link EntraPeer} that issued it:
 * tenant, audience, expiry, and a pull role on this registry) into an ACR refresh token (a JWT with
 * {@code exp}); {@code /oauth2/token} turns that refresh token, or a service principal's id and
 * secret, into an access token; {@code /v2/} challenges for one and accepts it. Enough for a real
 * {@code docker login} handshake.
 */
public final class AcrPeer extends ScriptedPeer {
  public static final String TOKEN_USER = "00000000-0000-0000-0000-000000000000";

  private final String registry;
  private final EntraPeer entra;
  private final Set<String> pullers = ConcurrentHashMap.newKeySet(); // client ids with AcrPull
  private final Map<String, String> basicLogins = new ConcurrentHashMap<>(); // user -> password
  private final Map<String, Instant> refreshTokens = new ConcurrentHashMap<>();
  private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
  private volatile Duration refreshLifetime = Duration.ofHours(3);

  private AcrPeer(String registry, EntraPeer entra) {
    super("acr");
    this.registry = registry;
    this.entra = entra;
    route("/oauth2/exchange", this::exchange);
    route("/oauth2/token", this::token);
    route("/v2/", this::v2);
    listen();
  }

  /** A registry named like {@code team.azurecr.io}, trusting tokens of that Entra peer. */
  public static AcrPeer start(String registry, EntraPeer entra) {
    return new AcrPeer(registry, entra);
  }

  public String registry() {
    return registry;
  }

  /** Gives an app the AcrPull role on this registry. */
  public AcrPeer grantPull(String clientId) {
    pullers.add(clientId);
    return this;
  }

  /** A login the registry takes as is (the admin user, or a service principal's id and secret). */
  public AcrPeer basicLogin(String username, String password) {
    basicLogins.put(username, password);
    return this;
  }

  public void setRefreshLifetime(Duration lifetime) {
    this.refreshLifetime = lifetime;
  }

  private void exchange(HttpExchange exchange) throws IOException {
    count("exchange");
    Map<String, String> form = form(body(exchange));
    if (!"access_token".equals(form.get("grant_type"))) {
      acrError(exchange, 400, "UNSUPPORTED", "grant_type must be access_token");
      return;
    }
    if (!registry.equals(form.get("service"))) {
      acrError(exchange, 400, "UNSUPPORTED", "service must be " + registry);
      return;
    }
    EntraPeer.Issued aad = entra.issued(form.get("access_token"));
    if (aad == null || !aad.tenant().equals(form.get("tenant"))) {
      acrError(exchange, 401, "UNAUTHORIZED", "the access token is invalid or for another tenant");
      return;
    }
    if (!aad.audience().equals("https://management.azure.com/")
        && !aad.audience().equals("https://containerregistry.azure.net/")) {
      acrError(
          exchange,
          401,
          "UNAUTHORIZED",
          "the access token has the wrong audience " + aad.audience());
      return;
    }
    if (!pullers.contains(aad.clientId())) {
      acrError(
          exchange,
          401,
          "UNAUTHORIZED",
          "the principal " + aad.clientId() + " has no access to " + registry);
      return;
    }
    Instant expires = Instant.now().plus(refreshLifetime);
    String refresh =
        EntraPeer.jwt(
            "{\"jti\":\""
                + UUID.randomUUID()
                + "\",\"sub\":\""
                + aad.clientId()
                + "\",\"grant_type\":\"refresh_token\",\"aud\":\""
                + registry
                + "\",\"tenant\":\""
                + aad.tenant()
                + "\",\"exp\":"
                + expires.getEpochSecond()
                + "}");
    refreshTokens.put(refresh, expires);
    respond(exchange, 200, "application/json", "{\"refresh_token\":\"" + refresh + "\"}");
  }

  private void token(HttpExchange exchange) throws IOException {
    count("token");
    boolean valid;
    String method = exchange.getRequestMethod();
    Map<String, String> params =
        "POST".equals(method) ? form(body(exchange)) : form(exchange.getRequestURI().getRawQuery());
    if (!registry.equals(params.get("service"))) {
      acrError(exchange, 400, "UNSUPPORTED", "service must be " + registry);
      return;
    }
    if ("refresh_token".equals(params.get("grant_type"))) {
      valid = validRefresh(params.get("refresh_token"));
    } else {
      valid = validBasic(exchange.getRequestHeaders().getFirst("Authorization"));
    }
    if (!valid) {
      acrError(exchange, 401, "UNAUTHORIZED", "authentication required");
      return;
    }
    String access = "acr-access-" + UUID.randomUUID();
    accessTokens.add(access);
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.put("access_token", access);
    respond(exchange, 200, "application/json", body.toString());
  }

  private void v2(HttpExchange exchange) throws IOException {
    count("v2");
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null
        && authorization.startsWith("Bearer ")
        && accessTokens.contains(authorization.substring(7).trim())) {
      exchange.getResponseHeaders().set("Docker-Distribution-Api-Version", "registry/2.0");
      respond(exchange, 200, "application/json", "{}");
      return;
    }
    exchange
        .getResponseHeaders()
        .set(
            "WWW-Authenticate",
            "Bearer realm=\"" + uri() + "/oauth2/token\",service=\"" + registry + "\"");
    exchange.getResponseHeaders().set("Docker-Distribution-Api-Version", "registry/2.0");
    acrError(exchange, 401, "UNAUTHORIZED", "authentication required");
  }

  private boolean validRefresh(String token) {
    Instant expires = token == null ? null : refreshTokens.get(token);
    return expires != null && expires.isAfter(Instant.now());
  }

  private boolean validBasic(String authorization) {
    if (authorization == null || !authorization.startsWith("Basic ")) {
      return false;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String user = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    if (user.equals(TOKEN_USER)) {
      return validRefresh(password);
    }
    return password.equals(basicLogins.get(user));
  }

  private static void acrError(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    respond(
        exchange,
        status,
        "application/json",
        "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}");
  }
}
