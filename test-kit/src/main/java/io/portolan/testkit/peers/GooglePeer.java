package io.portolan.testkit.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.portolan.events.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Google's OAuth2 token endpoint for service accounts: {@code POST /token} with the JWT bearer
 * grant. Checks what Google checks: the grant type, an RS256 assertion signed by the key named in
 * {@code kid} of the account in {@code iss}, {@code aud} equal to Google's token URI, a scope, and
 * an {@code iat}/{@code exp} window of at most an hour around now. Issues access tokens valid for
 * {@link #setTokenLifetime an hour} by default.
 */
public final class GooglePeer extends ScriptedPeer {
  public static final String GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  /**
   * The audience Google requires in assertions: its token URI, also when the request is sent
   * elsewhere (a private endpoint; here, this peer), as google-auth-library signs it.
   */
  public static final String AUDIENCE = "https://oauth2.googleapis.com/token";

  private static final SecureRandom RANDOM = new SecureRandom();

  private record Account(String email, String keyId, PublicKey publicKey) {}

  private final Map<String, Account> accounts = new ConcurrentHashMap<>(); // by email
  private final List<Consumer<String>> tokenListeners = new CopyOnWriteArrayList<>();
  private final List<String> scopesSeen = new CopyOnWriteArrayList<>();
  private volatile Duration tokenLifetime = Duration.ofHours(1);

  private GooglePeer() {
    super("google");
    route("/token", this::token);
    listen();
  }

  public static GooglePeer start() {
    return new GooglePeer();
  }

  /** The URI the minter must be pointed at. */
  public String tokenUri() {
    return uri() + "/token";
  }

  /**
   * A new service account's JSON key, as Google's console downloads it. Its {@code token_uri} is
   * Google's (the catalog insists on https), so point the minter at {@link #tokenUri()}.
   */
  public String newServiceAccountKey(String email) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      byte[] id = new byte[20];
      RANDOM.nextBytes(id);
      String keyId = java.util.HexFormat.of().formatHex(id);
      accounts.put(email, new Account(email, keyId, pair.getPublic()));
      ObjectNode key = EventJson.mapper().createObjectNode();
      key.put("type", "service_account");
      key.put("project_id", email.substring(email.indexOf('@') + 1).split("\\.")[0]);
      key.put("private_key_id", keyId);
      key.put(
          "private_key",
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(pair.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n");
      key.put("client_email", email);
      key.put("client_id", "1" + Math.abs(RANDOM.nextLong()));
      key.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
      key.put("token_uri", "https://oauth2.googleapis.com/token");
      return key.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes the account's key: assertions it signed are refused from now on. */
  public void deleteKey(String email) {
    accounts.remove(email);
  }

  public void onToken(Consumer<String> listener) {
    tokenListeners.add(listener);
  }

  public void setTokenLifetime(Duration lifetime) {
    this.tokenLifetime = lifetime;
  }

  /** The scopes asked for, in order. */
  public List<String> scopesSeen() {
    return List.copyOf(scopesSeen);
  }

  private void token(HttpExchange exchange) throws IOException {
    count("token");
    if (!"POST".equals(exchange.getRequestMethod())) {
      error(exchange, 405, "invalid_request", "POST only");
      return;
    }
    Map<String, String> form = form(body(exchange));
    if (!GRANT.equals(form.get("grant_type"))) {
      error(
          exchange, 400, "unsupported_grant_type", "Invalid grant_type: " + form.get("grant_type"));
      return;
    }
    String assertion = form.get("assertion");
    String[] parts = assertion == null ? new String[0] : assertion.split("\\.");
    if (parts.length != 3) {
      error(exchange, 400, "invalid_grant", "Invalid JWT: Token must be a short-lived token");
      return;
    }
    JsonNode header;
    JsonNode claims;
    try {
      header = EventJson.mapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
      claims = EventJson.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IllegalArgumentException | IOException e) {
      error(exchange, 400, "invalid_grant", "Invalid JWT: cannot be decoded");
      return;
    }
    Account account = accounts.get(claims.path("iss").asText());
    if (account == null) {
      error(exchange, 400, "invalid_grant", "Invalid grant: account not found");
      return;
    }
    if (!"RS256".equals(header.path("alg").asText())
        || !account.keyId().equals(header.path("kid").asText())) {
      error(exchange, 400, "invalid_grant", "Invalid JWT Signature.");
      return;
    }
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(account.publicKey());
      rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        error(exchange, 400, "invalid_grant", "Invalid JWT Signature.");
        return;
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      error(exchange, 400, "invalid_grant", "Invalid JWT Signature.");
      return;
    }
    if (!AUDIENCE.equals(claims.path("aud").asText())) {
      error(
          exchange,
          400,
          "invalid_grant",
          "Invalid JWT: Failed audience check. The right audience is " + AUDIENCE);
      return;
    }
    long now = Instant.now().getEpochSecond();
    long iat = claims.path("iat").asLong(0);
    long exp = claims.path("exp").asLong(0);
    if (iat > now + 60 || exp <= now || exp - iat > 3600) {
      error(
          exchange,
          400,
          "invalid_grant",
          "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.");
      return;
    }
    String scope = claims.path("scope").asText("");
    if (scope.isBlank()) {
      error(exchange, 400, "invalid_scope", "Empty or missing scope not allowed.");
      return;
    }
    scopesSeen.add(scope);
    byte[] random = new byte[48];
    RANDOM.nextBytes(random);
    String token = "ya29." + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    tokenListeners.forEach(l -> l.accept(token));
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.put("access_token", token);
    body.put("expires_in", tokenLifetime.toSeconds());
    body.put("token_type", "Bearer");
    respond(exchange, 200, "application/json; charset=utf-8", body.toString());
  }

  private static void error(HttpExchange exchange, int status, String error, String description)
      throws IOException {
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.put("error", error);
    body.put("error_description", description);
    respond(exchange, status, "application/json; charset=utf-8", body.toString());
  }
}
