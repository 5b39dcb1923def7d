package io.portolan.catalog.outbox;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** The outbox table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OutboxRepository extends CrudRepository<OutboxRow, Long> {

  /** Takes the relay lock for the current transaction; false when another relay holds it. */
  @Query("SELECT pg_try_advisory_xact_lock(7061737400)")
  boolean tryRelayLock();

  @Query("SELECT * FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE")
  List<OutboxRow> findUnpublished(int limit);

  @Query("UPDATE outbox SET published_at = :at WHERE id IN (:ids)")
  void markPublished(List<Long> ids, Instant at);

  long countByPublishedAtIsNull();

  @Query("DELETE FROM outbox WHERE published_at < :before")
  int deletePublishedBefore(Instant before);
}
