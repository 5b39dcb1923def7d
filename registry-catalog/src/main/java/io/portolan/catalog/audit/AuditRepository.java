package io.portolan.catalog.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** The audit_log table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AuditRepository extends CrudRepository<AuditRow, Long> {
  @Query(
      "SELECT * FROM audit_log WHERE (CAST(:targetId AS text) IS NULL OR target_id = :targetId)"
          + " AND (CAST(:actor AS text) IS NULL OR actor = :actor)"
          + " AND (CAST(:before AS bigint) IS NULL OR id < :before)"
          + " ORDER BY id DESC LIMIT :limit")
  List<AuditRow> find(
      @Nullable String targetId, @Nullable String actor, @Nullable Long before, int limit);
}
