package io.portolan.catalog;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * A catalog started programmatically on a test class's schema and topics, for tests that need more
 * than one catalog instance or particular settings.
 */
public final class CatalogFixture implements AutoCloseable {
  public final CatalogTestProperties test;
  public final EmbeddedServer server;
  private Connection stateConnection;

  private CatalogFixture(CatalogTestProperties test, EmbeddedServer server) {
    this.test = test;
    this.server = server;
  }

  public static CatalogFixture start(CatalogTestProperties test, Map<String, String> extra) {
    Map<String, Object> properties = new HashMap<>(test.properties());
    properties.putAll(extra);
    return new CatalogFixture(test, ApplicationContext.run(EmbeddedServer.class, properties));
  }

  public Api admin() {
    return new Api(server.getURL().toString(), test.adminToken);
  }

  public <T> T bean(Class<T> type) {
    return server.getApplicationContext().getBean(type);
  }

  /** Counts and sums that change whenever anything is stored: rows, revisions, outbox, audit. */
  public String storedState() throws Exception {
    if (stateConnection == null) {
      stateConnection = test.schema.connect(); // one connection: PostgreSQL forks per connection
    }
    try (Statement st = stateConnection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT count(*) FROM registries) || '/' ||"
                    + " (SELECT coalesce(sum(revision), 0) FROM registries) || '/' ||"
                    + " (SELECT coalesce(string_agg(md5(snapshot || secrets_set || coalesce(encode(secrets, 'hex'), '')), ',' ORDER BY id), '') FROM registries) || '/' ||"
                    + " (SELECT count(*) FROM outbox) || '/' || (SELECT count(*) FROM audit_log) || '/' ||"
                    + " (SELECT count(*) FROM join_tokens) || '/' || (SELECT count(*) FROM api_tokens)")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public void close() {
    if (stateConnection != null) {
      try {
        stateConnection.close();
      } catch (java.sql.SQLException e) {
        // the schema is dropped with the test database
      }
    }
    server.getApplicationContext().close();
  }
}
