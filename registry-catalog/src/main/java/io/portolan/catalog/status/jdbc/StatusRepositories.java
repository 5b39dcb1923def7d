package io.portolan.catalog.status.jdbc;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** The status tables. */
public final class StatusRepositories {
  private StatusRepositories() {}

  /** registry_status */
  @JdbcRepository(dialect = Dialect.POSTGRES)
  public interface Registries extends CrudRepository<RegistryStatusRow, String> {}

  /** cluster_status */
  @JdbcRepository(dialect = Dialect.POSTGRES)
  public interface Clusters extends CrudRepository<ClusterStatusRow, String> {
    List<ClusterStatusRow> findByRegistryIdOrderByClusterId(String registryId);
  }

  /** index_status */
  @JdbcRepository(dialect = Dialect.POSTGRES)
  public interface Indexes extends CrudRepository<IndexStatusRow, String> {}
}
