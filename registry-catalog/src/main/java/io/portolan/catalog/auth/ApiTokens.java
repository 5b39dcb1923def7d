package io.portolan.catalog.auth;

import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.transaction.annotation.Transactional;
import io.portolan.catalog.audit.AuditLog;
import io.portolan.catalog.config.CatalogConfig;
import io.portolan.sealing.Secret;
import io.portolan.service.http.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues, stores (hashed) and checks API tokens. Active tokens are held in memory and reloaded
 * every few seconds, so a request is authenticated without touching the database on the event loop;
 * a token created or revoked on another catalog instance takes effect here within that interval.
 *
 * <p>Thread-safe.
 */
@Context
public class ApiTokens {
  private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A token as created: the only time its value is known. */
  public record Created(UUID id, String name, String role, Secret token) {}

  private final ApiTokenRepository repository;
  private final CatalogConfig config;
  private final AuditLog audit;
  private final Clock clock;
  private volatile Map<String, ApiTokenRow> active = Map.of(); // by SHA-256

  public ApiTokens(ApiTokenRepository repository, CatalogConfig config, AuditLog audit) {
    this.repository = repository;
    this.config = config;
    this.audit = audit;
    this.clock = Clock.systemUTC();
    bootstrap();
    reload();
  }

  /** {@code ptl_} and 256 random bits, base64url. */
  public static Secret newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Secret.of("ptl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  public static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The authentication a presented token stands for, if it is active. */
  public Optional<Authentication> authenticate(String token) {
    ApiTokenRow row = active.get(sha256(token));
    if (row == null) {
      return Optional.empty();
    }
    return Optional.of(
        Authentication.build(
            "token:" + row.name(), List.of(row.role()), Map.of("tokenId", row.id().toString())));
  }

  @Transactional
  public Created create(String name, String role, String createdBy) {
    if (!Roles.ALL.contains(role)) {
      throw ApiProblem.invalid("role", "must be one of admin, viewer, ci", null);
    }
    Secret token = newToken();
    ApiTokenRow row =
        new ApiTokenRow(
            UUID.randomUUID(),
            name,
            role,
            sha256(token.reveal()),
            clock.instant(),
            createdBy,
            null);
    repository.save(row);
    audit.record(
        createdBy,
        "api-token.created",
        "api-token",
        row.id().toString(),
        name,
        Map.of("role", role));
    reload();
    return new Created(row.id(), name, role, token);
  }

  /** Every token, active and revoked, without values. */
  public List<ApiTokenRow> list() {
    return repository.findAll().stream()
        .sorted(java.util.Comparator.comparing(ApiTokenRow::createdAt))
        .toList();
  }

  @Transactional
  public ApiTokenRow revoke(UUID id, String actor) {
    ApiTokenRow row =
        repository.findById(id).orElseThrow(() -> ApiProblem.notFound("API token " + id));
    if (row.revokedAt() != null) {
      return row;
    }
    if (Roles.ADMIN.equals(row.role())
        && repository.countByRoleAndRevokedAtIsNull(Roles.ADMIN) <= 1) {
      throw ApiProblem.conflict(
          "id", "this is the last active admin token; create another admin token first");
    }
    ApiTokenRow revoked =
        new ApiTokenRow(
            row.id(),
            row.name(),
            row.role(),
            row.tokenSha256(),
            row.createdAt(),
            row.createdBy(),
            clock.instant());
    repository.update(revoked);
    audit.record(actor, "api-token.revoked", "api-token", id.toString(), row.name(), Map.of());
    reload();
    return revoked;
  }

  /** Reloads active tokens from the database. */
  @Scheduled(fixedDelay = "5s", initialDelay = "5s")
  public void reload() {
    Map<String, ApiTokenRow> next = new ConcurrentHashMap<>();
    for (ApiTokenRow row : repository.findByRevokedAtIsNull()) {
      next.put(row.tokenSha256(), row);
    }
    active = Map.copyOf(next);
  }

  private void bootstrap() {
    String configured = config.bootstrapAdminToken();
    if (configured != null && !configured.isBlank()) {
      String hash = sha256(configured);
      if (!repository.existsByTokenSha256(hash)) {
        repository.save(
            new ApiTokenRow(
                UUID.randomUUID(),
                "bootstrap-admin",
                Roles.ADMIN,
                hash,
                clock.instant(),
                "configuration",
                null));
        LOG.info("Accepted the bootstrap admin token from configuration");
      }
      return;
    }
    if (repository.existsByRoleAndRevokedAtIsNull(Roles.ADMIN)) {
      return;
    }
    Secret token = newToken();
    repository.save(
        new ApiTokenRow(
            UUID.randomUUID(),
            "first-admin",
            Roles.ADMIN,
            sha256(token.reveal()),
            clock.instant(),
            "first start",
            null));
    // Printed once to the console, deliberately not through the logging system.
    System.out.println(
        "\n  The first admin API token of this catalog (shown only now; store it safely):\n\n    "
            + token.reveal()
            + "\n");
    LOG.warn("Generated the first admin API token; it was printed once to the console");
  }

  /** Whether a token was issued at {@code instant} or earlier; for tests and audits. */
  Instant now() {
    return clock.instant();
  }
}
