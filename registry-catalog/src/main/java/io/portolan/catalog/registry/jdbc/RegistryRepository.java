package io.portolan.catalog.registry.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;
import java.util.UUID;

/** The registries table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface RegistryRepository extends CrudRepository<RegistryRow, UUID> {
  Optional<RegistryRow> findByName(String name);

  boolean existsByName(String name);

  /** Registries matching every filter given (null means "any"), by name. */
  @Query(
      "SELECT * FROM registries WHERE (CAST(:provider AS text) IS NULL OR provider = :provider)"
          + " AND (CAST(:name AS text) IS NULL OR name LIKE '%' || :name || '%')"
          + " AND (CAST(:pushHelm AS boolean) IS NULL OR push_helm = :pushHelm)"
          + " AND (CAST(:chartRepository AS boolean) IS NULL OR chart_repository = :chartRepository)"
          + " AND (CAST(:isDefault AS boolean) IS NULL OR is_default = :isDefault)"
          + " ORDER BY name LIMIT :limit OFFSET :offset")
  java.util.List<RegistryRow> search(
      @Nullable String provider,
      @Nullable String name,
      @Nullable Boolean pushHelm,
      @Nullable Boolean chartRepository,
      @Nullable Boolean isDefault,
      int limit,
      long offset);

  @Query(
      "SELECT count(*) FROM registries WHERE (CAST(:provider AS text) IS NULL OR provider = :provider)"
          + " AND (CAST(:name AS text) IS NULL OR name LIKE '%' || :name || '%')"
          + " AND (CAST(:pushHelm AS boolean) IS NULL OR push_helm = :pushHelm)"
          + " AND (CAST(:chartRepository AS boolean) IS NULL OR chart_repository = :chartRepository)"
          + " AND (CAST(:isDefault AS boolean) IS NULL OR is_default = :isDefault)")
  long countMatching(
      @Nullable String provider,
      @Nullable String name,
      @Nullable Boolean pushHelm,
      @Nullable Boolean chartRepository,
      @Nullable Boolean isDefault);

  @Query("SELECT * FROM registries WHERE is_default AND id <> :keep FOR UPDATE")
  java.util.List<RegistryRow> findOtherDefaultsForUpdate(UUID keep);

  @Query(
      "SELECT * FROM registries WHERE secrets IS NOT NULL AND secrets_key_id <> :primaryKeyId LIMIT :limit FOR UPDATE SKIP LOCKED")
  java.util.List<RegistryRow> findEncryptedUnder(long primaryKeyId, int limit);

  @Query(
      "SELECT count(*) FROM registries WHERE secrets IS NOT NULL AND secrets_key_id <> :primaryKeyId")
  long countEncryptedUnderOtherKeys(long primaryKeyId);

  @Query("SELECT DISTINCT secrets_key_id FROM registries WHERE secrets IS NOT NULL")
  java.util.List<Long> findKeyIdsInUse();

  /** Locks the row for an update that checks the revision. */
  @Query("SELECT * FROM registries WHERE id = :id FOR UPDATE")
  Optional<RegistryRow> findByIdForUpdate(UUID id);
}
