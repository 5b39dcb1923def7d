package io.portolan.indexer.index.jdbc;

import io.portolan.indexer.index.ChartIndex;
import io.portolan.indexer.index.ChartVersion;
import io.portolan.indexer.index.SemanticVersions;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The chart index in PostgreSQL. Thread-safe (stateless over the repository). */
@Singleton
public class JdbcChartIndex implements ChartIndex {
  private final ChartVersionRepository rows;

  public JdbcChartIndex(ChartVersionRepository rows) {
    this.rows = rows;
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
  public void upsert(ChartVersion v) {
    ChartVersionRow row =
        new ChartVersionRow(
            id(v.registryId(), v.repository(), v.tag()),
            v.registryId(),
            v.repository(),
            v.tag(),
            v.name(),
            v.version(),
            v.digest(),
            v.appVersion(),
            v.description(),
            v.apiVersion(),
            v.type(),
            v.deprecated(),
            v.metadata(),
            v.created(),
            v.size(),
            v.indexedAt());
    if (rows.existsById(row.id())) {
      rows.update(row);
    } else {
      rows.save(row);
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
