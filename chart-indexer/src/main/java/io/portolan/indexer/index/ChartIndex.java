package io.portolan.indexer.index;

import java.util.List;
import java.util.Map;

/** Where indexed chart versions are kept. */
public interface ChartIndex {
  /** Tag to manifest digest of every indexed version of a repository. */
  Map<String, String> digests(String registryId, String repository);

  void upsert(ChartVersion version);

  /** Stores several versions at once (in one transaction, where the store has them). */
  default void upsertAll(List<ChartVersion> versions) {
    versions.forEach(this::upsert);
  }

  void remove(String registryId, String repository, String tag);

  /** Every indexed version of a repository, newest version first. */
  List<ChartVersion> versions(String registryId, String repository);

  /** Versions whose name or description contains the query (case-insensitive); all when blank. */
  List<ChartVersion> search(String query, int limit);

  /** A chart: one repository of one registry. */
  record ChartKey(String registryId, String repository) {}

  /** One page of charts and how many match in all. */
  record ChartPage(List<ChartKey> charts, long total) {}

  /**
   * Charts with a version whose name or description contains {@code text} (case-insensitive; any
   * when blank) and, when {@code keyword} is set, whose Chart.yaml lists it among its keywords;
   * ordered by name, then registry and repository.
   */
  ChartPage searchCharts(String text, String keyword, int offset, int limit);
}
