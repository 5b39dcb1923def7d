package io.portolan.catalog.auth.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.portolan.catalog.auth.ApiTokenRow;
import io.portolan.catalog.auth.ApiTokens;
import io.portolan.catalog.auth.Roles;
import io.portolan.service.http.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code /api/v1/tokens}: API tokens. Values are shown once, at creation. */
@Controller("/api/v1/tokens")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(Roles.ADMIN)
@Tag(name = "api-tokens")
public class ApiTokenController {
  private final ApiTokens tokens;

  public ApiTokenController(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /** A new token: a name for people and a role. */
  @Serdeable
  public record CreateRequest(@Nullable String name, @Nullable String role) {}

  /** A token without its value. */
  @Serdeable
  public record TokenView(
      String id,
      String name,
      String role,
      Instant createdAt,
      @Nullable String createdBy,
      @Nullable Instant revokedAt) {
    static TokenView of(ApiTokenRow row) {
      return new TokenView(
          row.id().toString(),
          row.name(),
          row.role(),
          row.createdAt(),
          row.createdBy(),
          row.revokedAt());
    }
  }

  /** The created token, with its value (shown only now). */
  @Serdeable
  public record CreatedView(String id, String name, String role, String token) {}

  @Post
  @Operation(
      summary = "Create an API token",
      description = "Roles: admin, viewer, ci. The value is shown only in this answer.")
  public HttpResponse<CreatedView> createApiToken(
      @Nullable @Body CreateRequest request, Authentication actor) {
    if (request == null || request.name() == null || request.name().isBlank()) {
      throw ApiProblem.invalid(
          "name", "is required", "who or what uses the token, e.g. ci-pipeline");
    }
    if (request.name().length() > 100) {
      throw ApiProblem.invalid("name", "must be at most 100 characters", null);
    }
    if (request.role() == null) {
      throw ApiProblem.invalid("role", "is required", "admin, viewer or ci");
    }
    ApiTokens.Created created = tokens.create(request.name(), request.role(), actor.getName());
    return HttpResponse.created(
        new CreatedView(
            created.id().toString(), created.name(), created.role(), created.token().reveal()));
  }

  @Get
  @Operation(summary = "List API tokens", description = "Without values.")
  public List<TokenView> listApiTokens() {
    return tokens.list().stream().map(TokenView::of).toList();
  }

  @Delete("/{id}")
  @Operation(summary = "Revoke an API token")
  public TokenView revokeApiToken(@PathVariable String id, Authentication actor) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("API token " + id);
    }
    return TokenView.of(tokens.revoke(uuid, actor.getName()));
  }
}
