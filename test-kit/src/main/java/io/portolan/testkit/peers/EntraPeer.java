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
 * Entra ID's v2.0 token endpoint for the client-credentials grant: {@code POST
 * /<tenant>/oauth2/v2.0/token} with {@code client_id}, {@code client_secret} and a {@code
 * <resource>/.default} scope. Refuses as Entra does (AADSTS codes). The access tokens it issues are
 * JWTs naming tenant, app and audience, which {@link AcrPeer} checks.
 */
public final class EntraPeer extends ScriptedPeer {
  /** An access token this peer issued. */
  public record Issued(String tenant, String clientId, String audience, Instant expiresAt) {}

  private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>(); // tenant
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private final Set<String> scopesSeen = ConcurrentHashMap.newKeySet();

  private EntraPeer() {
    super("entra");
    route("/", this::token);
    listen();
  }

  public static EntraPeer start() {
    return new EntraPeer();
  }

  /** An app registration with a client secret in a tenant. */
  public EntraPeer servicePrincipal(String tenant, String clientId, String secret) {
    secrets.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>()).put(clientId, secret);
    return this;
  }

  /** What a token this peer issued stands for, or null. */
  public Issued issued(String accessToken) {
    Issued i = issued.get(accessToken);
    return i == null || i.expiresAt().isBefore(Instant.now()) ? null : i;
  }

  public Set<String> scopesSeen() {
    return Set.copyOf(scopesSeen);
  }

  private void token(HttpExchange exchange) throws IOException {
    count("token");
    String path = exchange.getRequestURI().getPath();
    String[] parts = path.split("/");
    // /<tenant>/oauth2/v2.0/token
    if (parts.length != 5 || !path.endsWith("/oauth2/v2.0/token")) {
      error(exchange, 404, "invalid_request", "AADSTS90002: not a v2.0 token endpoint: " + path);
      return;
    }
    String tenant = parts[1];
    Map<String, String> form = form(body(exchange));
    if (!"client_credentials".equals(form.get("grant_type"))) {
      error(exchange, 400, "unsupported_grant_type", "AADSTS70003: unsupported grant type");
      return;
    }
    Map<String, String> apps = secrets.get(tenant);
    if (apps == null) {
      error(exchange, 400, "invalid_request", "AADSTS90002: Tenant '" + tenant + "' not found.");
      return;
    }
    String clientId = form.get("client_id");
    if (clientId == null || !apps.containsKey(clientId)) {
      error(
          exchange,
          400,
          "unauthorized_client",
          "AADSTS700016: Application with identifier '"
              + clientId
              + "' was not found in the directory '"
              + tenant
              + "'.");
      return;
    }
    if (!apps.get(clientId).equals(form.get("client_secret"))) {
      error(
          exchange,
          401,
          "invalid_client",
          "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the"
              + " request is the client secret value, not the client secret ID, for a secret added"
              + " to app '"
              + clientId
              + "'.");
      return;
    }
    String scope = form.getOrDefault("scope", "");
    if (!scope.endsWith("/.default")) {
      error(
          exchange,
          400,
          "invalid_scope",
          "AADSTS1002012: The provided value for scope " + scope + " is not valid.");
      return;
    }
    scopesSeen.add(scope);
    String audience = scope.substring(0, scope.length() - "/.default".length()) + "/";
    Instant expires = Instant.now().plus(Duration.ofMinutes(60));
    String token =
        jwt(
            "{\"aud\":\""
                + audience
                + "\",\"tid\":\""
                + tenant
                + "\",\"appid\":\""
                + clientId
                + "\",\"exp\":"
                + expires.getEpochSecond()
                + ",\"jti\":\""
                + UUID.randomUUID()
                + "\"}");
    issued.put(token, new Issued(tenant, clientId, audience, expires));
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.put("token_type", "Bearer");
    body.put("expires_in", 3599);
    body.put("ext_expires_in", 3599);
    body.put("access_token", token);
    respond(exchange, 200, "application/json; charset=utf-8", body.toString());
  }

  /** A JWT-shaped token (the peer keeps what it issued, so the signature part is random). */
  static String jwt(String claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(
            "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void error(HttpExchange exchange, int status, String error, String description)
      throws IOException {
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.put("error", error);
    body.put("error_description", description);
    body.putArray("error_codes")
        .add(Integer.parseInt(description.replaceAll("^AADSTS(\\d+).*", "$1")));
    body.put("timestamp", Instant.now().toString());
    body.put("trace_id", UUID.randomUUID().toString());
    respond(exchange, status, "application/json; charset=utf-8", body.toString());
  }
}
