package io.portolan.catalog.audit;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import io.portolan.events.EventJson;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Records changes in the transaction that makes them, so the log and the data never disagree.
 * Callers pass field paths and other non-secret facts in {@code details}; never secret values.
 */
@Singleton
public class AuditLog {
  private final AuditRepository repository;
  private final Clock clock = Clock.systemUTC();

  public AuditLog(AuditRepository repository) {
    this.repository = repository;
  }

  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public void record(
      String actor,
      String action,
      String targetType,
      String targetId,
      String targetName,
      Map<String, Object> details) {
    String json;
    try {
      json = EventJson.mapper().writeValueAsString(details == null ? Map.of() : details);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    repository.save(
        new AuditRow(null, clock.instant(), actor, action, targetType, targetId, targetName, json));
  }

  /** Newest first; {@code before} pages backwards by id. */
  public List<AuditRow> find(String targetId, String actor, Long before, int limit) {
    return repository.find(targetId, actor, before, limit);
  }
}
