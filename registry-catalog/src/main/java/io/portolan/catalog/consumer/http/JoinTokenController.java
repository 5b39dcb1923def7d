package io.portolan.catalog.consumer.http;

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
import io.portolan.catalog.auth.Roles;
import io.portolan.catalog.consumer.JoinTokenRow;
import io.portolan.catalog.consumer.JoinTokens;
import io.portolan.events.ConsumerKind;
import io.portolan.service.http.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/v1/join-tokens}: one-time tokens that approve a consumer (an injector, indexer or
 * pusher) without an admin, when it proves it holds one.
 */
@Controller("/api/v1/join-tokens")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(Roles.ADMIN)
@Tag(name = "consumers")
public class JoinTokenController {
  private final JoinTokens tokens;

  public JoinTokenController(JoinTokens tokens) {
    this.tokens = tokens;
  }

  /**
   * A new join token.
   *
   * @param kind CLUSTER, INDEXER or PUSHER, to restrict the token; any when absent
   * @param name the consumer's name (a cluster id), to restrict it to one consumer
   * @param expiresInMinutes lifetime; 60 by default, at most 7 days
   */
  @Serdeable
  public record CreateRequest(
      @Nullable String kind,
      @Nullable String name,
      @Nullable String description,
      @Nullable Integer expiresInMinutes) {}

  /** A join token without its value. */
  @Serdeable
  public record TokenView(
      String id,
      @Nullable String kind,
      @Nullable String name,
      @Nullable String description,
      Instant expiresAt,
      @Nullable Instant usedAt,
      @Nullable String usedBy,
      Instant createdAt) {
    static TokenView of(JoinTokenRow r) {
      return new TokenView(
          r.id(),
          r.kind(),
          r.consumerName(),
          r.description(),
          r.expiresAt(),
          r.usedAt(),
          r.usedBy(),
          r.createdAt());
    }
  }

  /** The created token with its value and the settings a consumer needs (shown only now). */
  @Serdeable
  public record CreatedView(String id, String token, Instant expiresAt, String configure) {}

  @Post
  @Operation(
      summary = "Create a one-time join token",
      description = "Give the id and token to one consumer; its first valid proof approves it.")
  public HttpResponse<CreatedView> createJoinToken(
      @Nullable @Body CreateRequest request, Authentication actor) {
    CreateRequest r = request == null ? new CreateRequest(null, null, null, null) : request;
    ConsumerKind kind = null;
    if (r.kind() != null) {
      try {
        kind = ConsumerKind.valueOf(r.kind().trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiProblem.invalid("kind", "must be one of CLUSTER, INDEXER, PUSHER", null);
      }
    }
    if (r.name() != null && !r.name().matches("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?")) {
      throw ApiProblem.invalid(
          "name", "must be a consumer name (lower-case letters, digits, - and .)", null);
    }
    if (r.description() != null && r.description().length() > 500) {
      throw ApiProblem.invalid("description", "must be at most 500 characters", null);
    }
    int minutes = r.expiresInMinutes() == null ? 60 : r.expiresInMinutes();
    JoinTokens.Created created =
        tokens.create(
            kind, r.name(), r.description(), Duration.ofMinutes(minutes), actor.getName());
    String prefix =
        kind == null
            ? "portolan.<injector|indexer|pusher>"
            : "portolan."
                + switch (kind) {
                  case CLUSTER -> "injector";
                  case INDEXER -> "indexer";
                  case PUSHER -> "pusher";
                };
    return HttpResponse.created(
        new CreatedView(
            created.row().id(),
            created.token().reveal(),
            created.row().expiresAt(),
            prefix
                + ".join-token-id="
                + created.row().id()
                + " and "
                + prefix
                + ".join-token=<token>"));
  }

  @Get
  @Operation(summary = "List join tokens", description = "Without values.")
  public List<TokenView> listJoinTokens() {
    return tokens.list().stream().map(TokenView::of).toList();
  }

  @Delete("/{id}")
  @Operation(summary = "Delete a join token")
  public HttpResponse<Void> deleteJoinToken(@PathVariable String id, Authentication actor) {
    tokens.delete(id, actor.getName());
    return HttpResponse.noContent();
  }
}
