package io.portolan.catalog.auth;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/** Validates {@code Authorization: Bearer <token>} against the catalog's API tokens. */
@Singleton
public class PortolanTokenValidator implements TokenValidator<HttpRequest<?>> {
  private final ApiTokens tokens;

  public PortolanTokenValidator(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
    return tokens.authenticate(token).map(Publishers::just).orElseGet(Publishers::empty);
  }
}
