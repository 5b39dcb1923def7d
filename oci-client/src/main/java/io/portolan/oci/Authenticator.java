package io.portolan.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates to one registry the way its challenge asks: nothing, HTTP Basic, or Bearer tokens
 * from the challenge's realm (GET with Basic credentials, or the OAuth2 password-grant POST,
 * falling back to GET when the realm answers 404 or 405). Tokens are cached per scope until shortly
 * before they expire.
 *
 * <p>Thread-safe. Two threads asking for the same scope at once may both fetch a token; the last
 * one is kept.
 */
final class Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private enum Mode {
    UNKNOWN,
    BASIC,
    BEARER
  }

  private record Token(String value, Instant refreshAfter) {}

  private final String registry;
  private final RegistryCredential credential;
  private final HttpTransport transport;
  private final Clock clock;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private volatile boolean oauth2;
  private volatile Mode mode = Mode.UNKNOWN;
  private volatile Challenge bearer;

  Authenticator(
      String registry,
      RegistryCredential credential,
      HttpTransport transport,
      Clock clock,
      boolean preferOAuth2) {
    this.registry = registry;
    this.credential = credential;
    this.transport = transport;
    this.clock = clock;
    this.oauth2 = preferOAuth2;
  }

  /** The Authorization header to send up front, when the scheme is already known. */
  Optional<String> authorization(Scope scope, String repository) throws RegistryException {
    switch (mode) {
      case BASIC:
        return credential.isAnonymous() ? Optional.empty() : Optional.of(credential.basicHeader());
      case BEARER:
        return Optional.of("Bearer " + token(scope, repository, false));
      default:
        return Optional.empty();
    }
  }

  /**
   * Reacts to a 401: learns the scheme from the challenge and prepares new credentials. Returns
   * false when retrying cannot help (the credentials were already sent and refused).
   */
  boolean onUnauthorized(List<String> challengeHeaders, Scope scope, String repository)
      throws RegistryException {
    List<Challenge> challenges = Challenge.parseAll(challengeHeaders);
    Optional<Challenge> bearerChallenge =
        challenges.stream().filter(Challenge::isBearer).findFirst();
    if (bearerChallenge.isPresent()) {
      Challenge challenge = bearerChallenge.get();
      if (challenge.param("realm") == null) {
        throw new RegistryUnauthorizedException(
            registry,
            repository,
            "authenticate",
            401,
            List.of(),
            "the Bearer challenge names no realm");
      }
      boolean hadToken = mode == Mode.BEARER;
      this.bearer = challenge;
      this.mode = Mode.BEARER;
      Scope wanted = scope.with(challenge.scopes());
      if (hadToken) {
        String error = challenge.param("error");
        if ("insufficient_scope".equals(error) && tokens.containsKey(wanted.key())) {
          return false; // a fresh token would grant no more
        }
        tokens.remove(wanted.key());
        tokens.remove(scope.key());
      }
      token(wanted, repository, true);
      if (!wanted.key().equals(scope.key())) {
        // remember it under the call's own scope too, so the next call finds it
        Token t = tokens.get(wanted.key());
        if (t != null) {
          tokens.put(scope.key(), t);
        }
      }
      return true;
    }
    if (challenges.stream().anyMatch(Challenge::isBasic)) {
      if (credential.isAnonymous() || mode == Mode.BASIC) {
        return false;
      }
      mode = Mode.BASIC;
      return true;
    }
    return false;
  }

  private String token(Scope scope, String repository, boolean forceFetch)
      throws RegistryException {
    Token cached = tokens.get(scope.key());
    if (!forceFetch && cached != null && clock.instant().isBefore(cached.refreshAfter())) {
      return cached.value();
    }
    Token fresh = fetch(scope, repository);
    tokens.put(scope.key(), fresh);
    return fresh.value();
  }

  private Token fetch(Scope scope, String repository) throws RegistryException {
    Challenge challenge = bearer;
    String realm = challenge.param("realm");
    String action = "get a token for [" + scope.key() + "] from " + realm;
    if (oauth2 && !credential.isAnonymous()) {
      Optional<Token> token = fetchOAuth2(challenge, scope, repository, action);
      if (token.isPresent()) {
        return token.get();
      }
      oauth2 = false; // the realm does not do OAuth2; use GET from now on
    }
    StringBuilder url = new StringBuilder(realm);
    url.append(realm.contains("?") ? '&' : '?');
    url.append("service=")
        .append(encode(Optional.ofNullable(challenge.param("service")).orElse("")));
    for (String entry : scope.entries()) {
      url.append("&scope=").append(encode(entry));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    if (!credential.isAnonymous()) {
      headers.put("Authorization", credential.basicHeader());
    }
    try (Response response =
        transport.send(
            new HttpTransport.Request("GET", URI.create(url.toString()), headers, null, true))) {
      return readToken(response, scope, repository, action);
    } catch (IOException e) {
      throw new RegistryException(
          registry,
          repository,
          action,
          0,
          List.of(),
          "the token service could not be reached: " + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(registry, repository, action, 0, List.of(), "interrupted", e);
    }
  }

  private Optional<Token> fetchOAuth2(
      Challenge challenge, Scope scope, String repository, String action) throws RegistryException {
    String form =
        "grant_type=password"
            + "&service="
            + encode(Optional.ofNullable(challenge.param("service")).orElse(""))
            + "&client_id=portolan"
            + "&username="
            + encode(credential.username())
            + "&password="
            + encode(credential.password())
            + "&scope="
            + encode(scope.key());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-www-form-urlencoded");
    headers.put("Accept", "application/json");
    try (Response response =
        transport.send(
            new HttpTransport.Request(
                "POST",
                URI.create(challenge.param("realm")),
                headers,
                BlobSource.of(form.getBytes(StandardCharsets.UTF_8)),
                true))) {
      if (response.status() == 404 || response.status() == 405) {
        LOG.debug("Token realm of [{}] does not accept OAuth2 POST; using GET", registry);
        return Optional.empty();
      }
      return Optional.of(readToken(response, scope, repository, action));
    } catch (IOException e) {
      throw new RegistryException(
          registry,
          repository,
          action,
          0,
          List.of(),
          "the token service could not be reached: " + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(registry, repository, action, 0, List.of(), "interrupted", e);
    }
  }

  private Token readToken(Response response, Scope scope, String repository, String action)
      throws RegistryException, IOException {
    if (response.status() == 401 || response.status() == 403) {
      throw new RegistryUnauthorizedException(
          registry,
          repository,
          action,
          response.status(),
          List.of(),
          credential.isAnonymous()
              ? "the token service requires credentials"
              : "the token service refused the credentials of [" + credential.username() + "]");
    }
    if (response.status() != 200) {
      throw new RegistryException(
          registry,
          repository,
          action,
          response.status(),
          List.of(),
          "the token service answered " + response.status(),
          null);
    }
    JsonNode body = JSON.readTree(response.readBody(1 << 20));
    String value =
        body.hasNonNull("token")
            ? body.get("token").asText()
            : body.path("access_token").asText(null);
    if (value == null || value.isEmpty()) {
      throw new RegistryException(
          registry,
          repository,
          action,
          200,
          List.of(),
          "the token service returned no token",
          null);
    }
    long expiresIn = Math.max(60, body.path("expires_in").asLong(60));
    Instant issuedAt = clock.instant();
    if (body.hasNonNull("issued_at")) {
      try {
        Instant stated = Instant.parse(body.get("issued_at").asText());
        // trust the server's clock only within reason
        if (Duration.between(stated, issuedAt).abs().compareTo(Duration.ofMinutes(5)) < 0) {
          issuedAt = stated;
        }
      } catch (java.time.format.DateTimeParseException e) {
        // keep our own clock
      }
    }
    Duration margin = Duration.ofSeconds(Math.min(30, expiresIn / 10));
    return new Token(value, issuedAt.plusSeconds(expiresIn).minus(margin));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
