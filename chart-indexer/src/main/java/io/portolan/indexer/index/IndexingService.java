package io.portolan.indexer.index;

import io.portolan.events.ChartIndexed;
import io.portolan.events.ChartRemoved;
import io.portolan.events.IndexStatus;
import io.portolan.events.RegistryChanged;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.RegistryException;
import io.portolan.service.registries.RegistryDirectory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes the registries used as chart repositories: the repositories they list, or every
 * repository {@code _catalog} shows when the list is empty. Reports each version added or removed
 * on {@code chart.changes} and each pass on {@code status}.
 *
 * <p>Thread-safe: passes are serialized (one indexing thread calls it).
 */
public final class IndexingService {
  private static final Logger LOG = LoggerFactory.getLogger(IndexingService.class);

  private final RegistryDirectory registries;
  private final RegistryAccess access;
  private final RepositoryIndexer indexer;
  private final EventPublisher publisher;
  private final Clock clock;

  public IndexingService(
      RegistryDirectory registries,
      RegistryAccess access,
      RepositoryIndexer indexer,
      EventPublisher publisher,
      Clock clock) {
    this.registries = registries;
    this.access = access;
    this.indexer = indexer;
    this.publisher = publisher;
    this.clock = clock;
  }

  /** Indexes every repository of one registry. */
  public synchronized void indexRegistry(String registryId) {
    RegistryChanged registry = registries.get(registryId).orElse(null);
    if (registry == null || !registry.registry().usage().chartRepository()) {
      return;
    }
    RegistryClient client = client(registry);
    if (client == null) {
      return;
    }
    List<String> repositories = registry.registry().usage().chartRepositories();
    if (repositories.isEmpty()) {
      try {
        repositories = client.listRepositories();
      } catch (RegistryException e) {
        publisher.publish(
            new IndexStatus(
                registryId,
                IndexStatus.State.CATALOG_REFUSED,
                0,
                0,
                0,
                "the registry does not list its repositories (_catalog): "
                    + e.getMessage()
                    + "; list the chart repositories in the catalog instead",
                clock.instant()));
        return;
      }
    }
    int charts = 0;
    int skipped = 0;
    List<String> errors = new ArrayList<>();
    List<String> skippedTags = new ArrayList<>();
    for (String repository : repositories) {
      RepositoryIndexer.Result result = indexRepository(registry, client, repository);
      if (result == null) {
        errors.add(repository);
        continue;
      }
      charts += result.added().size() + result.updated().size() + result.unchanged();
      skipped += result.skipped();
      skippedTags.addAll(result.skippedTags());
      errors.addAll(result.errors());
    }
    publisher.publish(
        new IndexStatus(
            registryId,
            errors.isEmpty() ? IndexStatus.State.INDEXED : IndexStatus.State.PARTIAL,
            repositories.size(),
            charts,
            skipped,
            errors.isEmpty()
                ? skippedTags.isEmpty()
                    ? null
                    : skippedTags.size()
                        + " tags were skipped (not a semver version, not a Helm chart, or no chart name): "
                        + String.join(", ", skippedTags.subList(0, Math.min(5, skippedTags.size())))
                        + (skippedTags.size() > 5 ? ", ..." : "")
                : errors.size()
                    + " problems: "
                    + String.join("; ", errors.subList(0, Math.min(5, errors.size()))),
            clock.instant()));
  }

  /** Indexes one repository (a {@code chart.pushed} event asks for it). */
  public synchronized void indexRepository(String registryId, String repository) {
    RegistryChanged registry = registries.get(registryId).orElse(null);
    if (registry == null || !registry.registry().usage().chartRepository()) {
      return;
    }
    List<String> listed = registry.registry().usage().chartRepositories();
    if (!listed.isEmpty() && !listed.contains(repository)) {
      return;
    }
    RegistryClient client = client(registry);
    if (client != null) {
      indexRepository(registry, client, repository);
    }
  }

  private RepositoryIndexer.Result indexRepository(
      RegistryChanged registry, RegistryClient client, String repository) {
    try {
      RepositoryIndexer.Result result = indexer.index(client, registry.registryId(), repository);
      for (ChartVersion v : result.added()) {
        publisher.publish(indexed(v));
      }
      for (ChartVersion v : result.updated()) {
        publisher.publish(indexed(v));
      }
      for (String tag : result.removedTags()) {
        publisher.publish(
            new ChartRemoved(
                registry.registryId(),
                repository,
                null,
                SemanticVersions.versionOfTag(tag),
                null,
                clock.instant()));
      }
      if (!result.added().isEmpty() || !result.removedTags().isEmpty()) {
        LOG.info(
            "Indexed [{}] in [{}]: {} added, {} updated, {} removed, {} unchanged",
            repository,
            registry.registry().name(),
            result.added().size(),
            result.updated().size(),
            result.removedTags().size(),
            result.unchanged());
      }
      return result;
    } catch (RegistryException e) {
      LOG.warn(
          "Could not index [{}] in [{}]: {}",
          repository,
          registry.registry().name(),
          e.getMessage());
      return null;
    }
  }

  private RegistryClient client(RegistryChanged registry) {
    RegistryClient client = access.client(registry);
    if (client == null) {
      LOG.info(
          "No credential for registry [{}] yet; it is indexed when one arrives",
          registry.registry().name());
    }
    return client;
  }

  private ChartIndexed indexed(ChartVersion v) {
    return new ChartIndexed(
        v.registryId(), v.repository(), v.name(), v.version(), v.digest(), v.indexedAt());
  }
}
