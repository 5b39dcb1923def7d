package io.portolan.indexer.index;

import java.util.List;
import java.util.Map;

/** Where indexed chart versions are kept. */
public interface ChartIndex {
  /** Tag to manifest digest of every indexed version of a repository. */
  Map<String, String> digests(String registryId, String repository);

  void upsert(ChartVersion version);

  void remove(String registryId, String repository, String tag);

  /** Every indexed version of a repository, newest version first. */
  List<ChartVersion> versions(String registryId, String repository);

  /** Versions whose name or description contains the query (case-insensitive); all when blank. */
  List<ChartVersion> search(String query, int limit);
}
