package io.portolan.catalog.audit.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.portolan.catalog.audit.AuditLog;
import io.portolan.catalog.audit.AuditRow;
import io.portolan.catalog.auth.Roles;
import io.portolan.events.EventJson;
import io.portolan.service.http.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/audit}: who changed what, and when; newest first. */
@Controller("/api/v1/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.ADMIN, Roles.VIEWER})
@Tag(name = "audit")
public class AuditController {
  private final AuditLog audit;

  public AuditController(AuditLog audit) {
    this.audit = audit;
  }

  /** One entry. {@code details} holds field names and facts, never secret values. */
  @Serdeable
  public record Entry(
      long id,
      Instant at,
      String actor,
      String action,
      String targetType,
      @Nullable String targetId,
      @Nullable String targetName,
      Map<String, Object> details) {}

  @Get
  @Operation(
      summary = "Read the audit log",
      description =
          "Filter by target id or actor; page backwards with before=<id of the last entry>.")
  public List<Entry> listAuditEntries(
      @Nullable @QueryValue String targetId,
      @Nullable @QueryValue String actor,
      @Nullable @QueryValue Long before,
      @QueryValue(defaultValue = "50") int size) {
    if (size < 1 || size > 500) {
      throw ApiProblem.invalid("size", "must be between 1 and 500", null);
    }
    return audit.find(targetId, actor, before, size).stream().map(AuditController::entry).toList();
  }

  @SuppressWarnings("unchecked")
  private static Entry entry(AuditRow row) {
    Map<String, Object> details;
    try {
      JsonNode node = EventJson.mapper().readTree(row.details());
      details = EventJson.mapper().convertValue(node, Map.class);
    } catch (java.io.IOException e) {
      details = Map.of();
    }
    return new Entry(
        row.id(),
        row.at(),
        row.actor(),
        row.action(),
        row.targetType(),
        row.targetId(),
        row.targetName(),
        details);
  }
}
