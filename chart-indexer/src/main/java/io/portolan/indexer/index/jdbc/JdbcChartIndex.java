package io.portolan.indexer.index.jdbc;

import io.portolan.indexer.index.ChartIndex;
import io.portolan.indexer.index.ChartVersion;
import io.portolan.indexer.index.SemanticVersions;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The chart index in PostgreSQL. Thread-safe (stateless over the repository). */
@Singleton
public class JdbcChartIndex implements ChartIndex {
  private final ChartVersionRepository rows;
  private final DataSource dataSource;

  public JdbcChartIndex(ChartVersionRepository rows, DataSource dataSource) {
    this.rows = rows;
    this.dataSource = dataSource;
  }

  @Override
  @io.micronaut.transaction.annotation.Transactional(readOnly = true)
  public ChartPage searchCharts(String text, String keyword, int offset, int limit) {
    String q = text == null ? "" : text.trim();
    String k = keyword == null ? "" : keyword.trim();
    String sql =
        "SELECT registry_id, repository, count(*) OVER () AS total FROM chart_versions"
            + " WHERE (? = '' OR name ILIKE '%' || ? || '%' OR description ILIKE '%' || ? || '%')"
            + " AND (? = '' OR (metadata::jsonb -> 'keywords') @> to_jsonb(CAST(? AS text)))"
            + " GROUP BY registry_id, repository"
            + " ORDER BY min(name), registry_id, repository LIMIT ? OFFSET ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, q);
      st.setString(2, q);
      st.setString(3, q);
      st.setString(4, k);
      st.setString(5, k);
      st.setInt(6, limit);
      st.setInt(7, offset);
      List<ChartKey> keys = new ArrayList<>();
      long total = 0;
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          keys.add(new ChartKey(rs.getString(1), rs.getString(2)));
          total = rs.getLong(3);
        }
      }
      if (keys.isEmpty() && offset > 0) {
        total = countCharts(c, q, k);
      }
      return new ChartPage(keys, total);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not search the chart index: " + e.getMessage(), e);
    }
  }

  private static long countCharts(Connection c, String q, String k) throws SQLException {
    String sql =
        "SELECT count(DISTINCT (registry_id, repository)) FROM chart_versions"
            + " WHERE (? = '' OR name ILIKE '%' || ? || '%' OR description ILIKE '%' || ? || '%')"
            + " AND (? = '' OR (metadata::jsonb -> 'keywords') @> to_jsonb(CAST(? AS text)))";
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, q);
      st.setString(2, q);
      st.setString(3, q);
      st.setString(4, k);
      st.setString(5, k);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static String id(String registryId, String repository, String tag) {
    return registryId + "/" + repository + ":" + tag;
  }

  @Override
  public Map<String, String> digests(String registryId, String repository) {
    Map<String, String> digests = new HashMap<>();
    rows.findByRegistryIdAndRepository(registryId, repository)
        .forEach(r -> digests.put(r.tag(), r.digest()));
    return digests;
  }

  @Override
  @io.micronaut.transaction.annotation.Transactional
  public void upsertAll(List<ChartVersion> versions) {
    versions.forEach(this::upsert); // joins this transaction: one commit for all
  }

  @Override
  @io.micronaut.transaction.annotation.Transactional
  public void upsert(ChartVersion v) {
    // one statement instead of a read and a write: a cold pass stores thousands of versions
    String sql =
        "INSERT INTO chart_versions (id, registry_id, repository, tag, name, version, digest,"
            + " app_version, description, api_version, chart_type, deprecated, metadata, created,"
            + " size, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version,"
            + " digest = EXCLUDED.digest, app_version = EXCLUDED.app_version,"
            + " description = EXCLUDED.description, api_version = EXCLUDED.api_version,"
            + " chart_type = EXCLUDED.chart_type, deprecated = EXCLUDED.deprecated,"
            + " metadata = EXCLUDED.metadata, created = EXCLUDED.created, size = EXCLUDED.size,"
            + " indexed_at = EXCLUDED.indexed_at";
    try (Connection c = dataSource.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, id(v.registryId(), v.repository(), v.tag()));
      st.setString(2, v.registryId());
      st.setString(3, v.repository());
      st.setString(4, v.tag());
      st.setString(5, v.name());
      st.setString(6, v.version());
      st.setString(7, v.digest());
      st.setString(8, v.appVersion());
      st.setString(9, v.description());
      st.setString(10, v.apiVersion());
      st.setString(11, v.type());
      st.setBoolean(12, v.deprecated());
      st.setString(13, v.metadata());
      st.setString(14, v.created());
      st.setLong(15, v.size());
      st.setObject(16, java.time.OffsetDateTime.ofInstant(v.indexedAt(), java.time.ZoneOffset.UTC));
      st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not store chart version " + v.repository() + ":" + v.tag() + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public void remove(String registryId, String repository, String tag) {
    rows.deleteById(id(registryId, repository, tag));
  }

  @Override
  public List<ChartVersion> versions(String registryId, String repository) {
    return rows.findByRegistryIdAndRepository(registryId, repository).stream()
        .map(JdbcChartIndex::toVersion)
        .sorted(Comparator.comparing(ChartVersion::version, SemanticVersions.NEWEST_FIRST))
        .toList();
  }

  @Override
  public List<ChartVersion> search(String query, int limit) {
    return rows.search(query == null ? "" : query.trim(), limit).stream()
        .map(JdbcChartIndex::toVersion)
        .toList();
  }

  private static ChartVersion toVersion(ChartVersionRow r) {
    return new ChartVersion(
        r.registryId(),
        r.repository(),
        r.tag(),
        r.name(),
        r.version(),
        r.digest(),
        r.appVersion(),
        r.description(),
        r.apiVersion(),
        r.type(),
        r.deprecated(),
        r.metadata(),
        r.created(),
        r.size(),
        r.indexedAt());
  }
}
