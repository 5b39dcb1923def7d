package io.portolan.catalog.auth;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.UUID;

/** Stored API tokens. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ApiTokenRepository extends CrudRepository<ApiTokenRow, UUID> {
  List<ApiTokenRow> findByRevokedAtIsNull();

  boolean existsByTokenSha256(String tokenSha256);

  boolean existsByRoleAndRevokedAtIsNull(String role);

  long countByRoleAndRevokedAtIsNull(String role);
}
