package io.portolan.service.auth;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Accepts bearer tokens whose SHA-256 is configured: {@code portolan.api.tokens} is a list of
 * {@code <role>=<sha256 hex>} ({@code PORTOLAN_API_TOKENS=ci=9f86...,admin=2c26...}). For the
 * pusher's and indexer's APIs, whose tokens the catalog issues; only hashes are configured.
 */
@Singleton
@Requires(classes = TokenValidator.class)
@Requires(property = "portolan.api.tokens")
public class StaticTokenValidator implements TokenValidator<HttpRequest<?>> {
  private final Map<String, String> roleByHash = new HashMap<>();

  public StaticTokenValidator(@Value("${portolan.api.tokens}") List<String> tokens) {
    for (String entry : tokens) {
      int eq = entry.indexOf('=');
      if (eq <= 0 || !entry.substring(eq + 1).trim().matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "portolan.api.tokens entries must look like <role>=<sha256 hex of the token>");
      }
      roleByHash.put(entry.substring(eq + 1).trim(), entry.substring(0, eq).trim());
    }
  }

  @Override
  public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
    String hash = sha256(token);
    String role = roleByHash.get(hash);
    if (role == null) {
      return Publishers.empty();
    }
    return Publishers.just(
        Authentication.build("token:" + role + "-" + hash.substring(0, 8), List.of(role)));
  }

  /** The hex SHA-256 of a token: what {@code portolan.api.tokens} holds for it. */
  public static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
