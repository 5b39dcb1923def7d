package io.portolan.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.portolan.events.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry token service as the distribution spec describes it ({@code docs/spec/auth/token.md}
 * and {@code oauth.md}): {@code GET <realm>?service=&scope=} with optional Basic credentials, and
 * the OAuth2 {@code POST <realm>} with the password and refresh-token grants. It issues RS256 JWTs
 * whose {@code x5c} header holds a self-signed certificate that the registry trusts through its
 * {@code rootcertbundle}.
 *
 * <p>Grants: users that {@link RegistryUser#canPush()} get every action they ask for; other users
 * get {@code pull} only; anonymous requests get nothing. The catalog scope is for pushers only.
 *
 * <p>Thread-safe.
 */
public final class TokenServer implements AutoCloseable {
  public static final String SERVICE = "portolan-test-registry";
  public static final String ISSUER = "portolan-test-token-issuer";

  private final HttpServer server;
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final Path certificateBundle;
  private final Map<String, RegistryUser> users; // by username and password
  private final Map<String, RegistryUser> refreshTokens = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int expiresInSeconds = 300;

  private TokenServer(
      HttpServer server,
      PrivateKey key,
      X509Certificate certificate,
      Path certificateBundle,
      List<RegistryUser> users) {
    this.server = server;
    this.key = key;
    this.certificate = certificate;
    this.certificateBundle = certificateBundle;
    this.users = new ConcurrentHashMap<>();
    users.forEach(this::addUser);
  }

  static TokenServer start(Path dir, List<RegistryUser> users) {
    try {
      Files.createDirectories(dir);
      Path keystore = dir.resolve("token.p12");
      String keytool = Requirements.keytool().toString();
      Processes.run(
          List.of(
              keytool,
              "-genkeypair",
              "-alias",
              "token",
              "-keyalg",
              "RSA",
              "-keysize",
              "2048",
              "-sigalg",
              "SHA256withRSA",
              "-dname",
              "CN=portolan-test-token",
              "-validity",
              "3650",
              "-storetype",
              "PKCS12",
              "-keystore",
              keystore.toString(),
              "-storepass",
              "changeit",
              "-keypass",
              "changeit"),
          dir);
      Path bundle = dir.resolve("token-ca.pem");
      Processes.run(
          List.of(
              keytool,
              "-exportcert",
              "-rfc",
              "-alias",
              "token",
              "-keystore",
              keystore.toString(),
              "-storepass",
              "changeit",
              "-file",
              bundle.toString()),
          dir);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        ks.load(in, "changeit".toCharArray());
      }
      PrivateKey key = (PrivateKey) ks.getKey("token", "changeit".toCharArray());
      X509Certificate cert = (X509Certificate) ks.getCertificate("token");
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.setExecutor(
          Executors.newFixedThreadPool(
              4,
              r -> {
                Thread t = new Thread(r, "token-server");
                t.setDaemon(true);
                return t;
              }));
      TokenServer tokenServer = new TokenServer(http, key, cert, bundle, users);
      http.createContext("/token", tokenServer::handle);
      http.start();
      return tokenServer;
    } catch (IOException e) {
      throw new UncheckedIOException("Tried to start the token server but failed: " + e, e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("Tried to load the token signing key but failed", e);
    }
  }

  /** The {@code realm} the registry's challenge names. */
  public String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  Path certificateBundle() {
    return certificateBundle;
  }

  /**
   * Accepts another login from now on; a user name may have several passwords (as a cloud registry
   * accepts every token it minted until each expires).
   */
  public void addUser(RegistryUser user) {
    users.put(key(user.username(), user.password()), user);
  }

  private static String key(String username, String password) {
    return username + "\u0000" + password;
  }

  /** How many token requests (GET and POST) have been answered, successful or not. */
  public int requestCount() {
    return requests.get();
  }

  /** The lifetime of tokens issued from now on (default 300 s; the spec's minimum is 60). */
  public void setExpiresInSeconds(int seconds) {
    this.expiresInSeconds = seconds;
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      String method = exchange.getRequestMethod();
      if ("GET".equals(method)) {
        handleGet(exchange);
      } else if ("POST".equals(method)) {
        handlePost(exchange);
      } else {
        respond(exchange, 405, "{\"errors\":[{\"code\":\"UNSUPPORTED\"}]}");
      }
    } catch (RuntimeException e) {
      respond(exchange, 500, "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"" + e + "\"}]}");
    }
  }

  private void handleGet(HttpExchange exchange) throws IOException {
    Map<String, List<String>> query = parseForm(exchange.getRequestURI().getRawQuery());
    if (!SERVICE.equals(first(query, "service"))) {
      respond(exchange, 400, "{\"details\":\"unknown service\"}");
      return;
    }
    RegistryUser user = null;
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null) {
      user = basicUser(authorization);
      if (user == null) {
        respond(exchange, 401, "{\"details\":\"incorrect username or password\"}");
        return;
      }
    }
    List<String> scopes = query.getOrDefault("scope", List.of());
    String token = issue(user, scopes);
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.put("token", token);
    body.put("access_token", token);
    body.put("expires_in", expiresInSeconds);
    body.put("issued_at", Instant.now().toString());
    if ("true".equals(first(query, "offline_token")) && user != null) {
      body.put("refresh_token", newRefreshToken(user));
    }
    respond(exchange, 200, body.toString());
  }

  private void handlePost(HttpExchange exchange) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
      respond(exchange, 400, "{\"error\":\"invalid_request\"}");
      return;
    }
    Map<String, List<String>> form =
        parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    if (!SERVICE.equals(first(form, "service")) || first(form, "client_id") == null) {
      respond(
          exchange,
          400,
          "{\"error\":\"invalid_request\",\"error_description\":\"service and client_id are required\"}");
      return;
    }
    RegistryUser user;
    switch (String.valueOf(first(form, "grant_type"))) {
      case "password" -> {
        user =
            users.get(
                key(
                    String.valueOf(first(form, "username")),
                    String.valueOf(first(form, "password"))));
      }
      case "refresh_token" -> {
        user = refreshTokens.get(String.valueOf(first(form, "refresh_token")));
      }
      default -> {
        respond(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
        return;
      }
    }
    if (user == null) {
      respond(exchange, 401, "{\"error\":\"invalid_grant\"}");
      return;
    }
    String scope = first(form, "scope");
    List<String> scopes = scope == null ? List.of() : List.of(scope.split(" "));
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.put("access_token", issue(user, scopes));
    body.put("scope", String.join(" ", scopes));
    body.put("expires_in", expiresInSeconds);
    body.put("issued_at", Instant.now().toString());
    if ("offline".equals(first(form, "access_type"))) {
      body.put("refresh_token", newRefreshToken(user));
    }
    respond(exchange, 200, body.toString());
  }

  private String newRefreshToken(RegistryUser user) {
    String token = "rt-" + UUID.randomUUID();
    refreshTokens.put(token, user);
    return token;
  }

  private RegistryUser basicUser(String authorization) {
    if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    return users.get(key(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }

  private String issue(RegistryUser user, List<String> scopes) {
    ArrayNode access = EventJson.mapper().createArrayNode();
    for (String scope : scopes) {
      String[] parts = scope.split(":");
      if (parts.length < 3) {
        continue;
      }
      String type = parts[0];
      String name = String.join(":", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1));
      Set<String> granted = new LinkedHashSet<>();
      for (String action : parts[parts.length - 1].split(",")) {
        if (user == null) {
          continue;
        }
        if (type.equals("registry")) {
          if (user.canPush()) {
            granted.add(action);
          }
        } else if (action.equals("pull") || user.canPush()) {
          granted.add(action);
        }
      }
      if (!granted.isEmpty()) {
        ObjectNode entry = access.addObject();
        entry.put("type", type.replace("(plugin)", ""));
        entry.put("name", name);
        ArrayNode actions = entry.putArray("actions");
        granted.forEach(actions::add);
      }
    }
    long now = Instant.now().getEpochSecond();
    ObjectNode header = EventJson.mapper().createObjectNode();
    header.put("typ", "JWT");
    header.put("alg", "RS256");
    try {
      header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    ObjectNode claims = EventJson.mapper().createObjectNode();
    claims.put("iss", ISSUER);
    claims.put("sub", user == null ? "" : user.username());
    claims.put("aud", SERVICE);
    claims.put("exp", now + expiresInSeconds);
    claims.put("nbf", now - 10);
    claims.put("iat", now);
    claims.put("jti", UUID.randomUUID().toString());
    claims.set("access", access);
    String signingInput = b64url(header.toString()) + "." + b64url(claims.toString());
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, List<String>> parseForm(String raw) {
    Map<String, List<String>> result = new java.util.HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return result;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      result.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return result;
  }

  private static String first(Map<String, List<String>> values, String name) {
    List<String> list = values.get(name);
    return list == null || list.isEmpty() ? null : list.get(0);
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
