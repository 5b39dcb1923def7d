package io.portolan.catalog.registry.jdbc;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;
import java.util.UUID;

/** The registries table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface RegistryRepository extends CrudRepository<RegistryRow, UUID> {
  Optional<RegistryRow> findByName(String name);

  boolean existsByName(String name);

  Page<RegistryRow> findAll(Pageable pageable);

  Page<RegistryRow> findByProvider(String provider, Pageable pageable);

  /** Clears the default flag; the caller then sets it on the new default, in one transaction. */
  @Query("UPDATE registries SET is_default = false WHERE is_default AND id <> :keep")
  int clearDefaultExcept(UUID keep);

  /** Locks the row for an update that checks the revision. */
  @Query("SELECT * FROM registries WHERE id = :id FOR UPDATE")
  Optional<RegistryRow> findByIdForUpdate(UUID id);
}
