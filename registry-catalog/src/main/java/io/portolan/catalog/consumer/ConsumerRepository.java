package io.portolan.catalog.consumer;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** The consumers table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ConsumerRepository extends CrudRepository<ConsumerRow, String> {
  @Query("SELECT * FROM consumers WHERE consumer_id = :id FOR UPDATE")
  Optional<ConsumerRow> findByIdForUpdate(String id);

  List<ConsumerRow> findAllOrderByConsumerId();
}
