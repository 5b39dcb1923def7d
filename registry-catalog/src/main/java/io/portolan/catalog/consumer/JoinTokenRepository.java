package io.portolan.catalog.consumer;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** The join_tokens table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface JoinTokenRepository extends CrudRepository<JoinTokenRow, String> {
  @Query("SELECT * FROM join_tokens WHERE id = :id FOR UPDATE")
  Optional<JoinTokenRow> findByIdForUpdate(String id);

  List<JoinTokenRow> findAllOrderByCreatedAtDesc();

  @Query(
      "SELECT * FROM join_tokens WHERE token_key_id <> :primaryKeyId LIMIT :limit FOR UPDATE SKIP LOCKED")
  List<JoinTokenRow> findEncryptedUnder(long primaryKeyId, int limit);

  @Query("SELECT count(*) FROM join_tokens WHERE token_key_id <> :primaryKeyId")
  long countEncryptedUnderOtherKeys(long primaryKeyId);

  @Query("SELECT DISTINCT token_key_id FROM join_tokens")
  List<Long> findKeyIdsInUse();
}
