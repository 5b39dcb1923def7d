package io.portolan.testkit;

import io.portolan.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * An empty schema of its own for one test class, in the JVM's PostgreSQL. Connections opened
 * through {@link #jdbcUrl()} see that schema first.
 */
public record PostgresSchema(String jdbcUrl, String username, String password, String schema) {

  static PostgresSchema create(EmbeddedPostgresServer server, String database, String schema) {
    String base = server.jdbcUrl(database);
    try (Connection c = DriverManager.getConnection(base, server.username(), "");
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA \"" + schema + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException("Tried to create schema [" + schema + "] but failed", e);
    }
    return new PostgresSchema(base + "?currentSchema=" + schema, server.username(), "", schema);
  }

  /** Applies Flyway migrations from the given locations (e.g. {@code classpath:db/migration}). */
  public PostgresSchema migrate(String... locations) {
    Flyway.configure()
        .dataSource(jdbcUrl, username, password)
        .schemas(schema)
        .defaultSchema(schema)
        .locations(locations)
        .load()
        .migrate();
    return this;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, username, password);
  }
}
