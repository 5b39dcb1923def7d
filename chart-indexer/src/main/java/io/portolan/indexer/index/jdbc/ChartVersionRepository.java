package io.portolan.indexer.index.jdbc;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** The chart_versions table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ChartVersionRepository extends CrudRepository<ChartVersionRow, String> {
  List<ChartVersionRow> findByRegistryIdAndRepository(String registryId, String repository);

  @Query(
      "SELECT * FROM chart_versions WHERE :q = '' OR name ILIKE '%' || :q || '%'"
          + " OR description ILIKE '%' || :q || '%' ORDER BY name, registry_id, repository LIMIT :limit")
  List<ChartVersionRow> search(String q, int limit);
}
