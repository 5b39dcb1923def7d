package io.portolan.catalog.status;

import io.micronaut.transaction.annotation.Transactional;
import io.portolan.catalog.status.jdbc.ClusterStatusRow;
import io.portolan.catalog.status.jdbc.IndexStatusRow;
import io.portolan.catalog.status.jdbc.RegistryStatusRow;
import io.portolan.catalog.status.jdbc.StatusRepositories;
import io.portolan.events.EventJson;
import io.portolan.events.IndexStatus;
import io.portolan.events.InjectionStatus;
import io.portolan.events.MintStatus;
import io.portolan.events.StatusEvent;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the latest report per subject. A report older than the one held changes nothing (reports of
 * one subject arrive in order on one partition; replays are ignored).
 *
 * <p>Thread-safe.
 */
@Singleton
public class StatusService {
  private final StatusRepositories.Registries registries;
  private final StatusRepositories.Clusters clusters;
  private final StatusRepositories.Indexes indexes;

  public StatusService(
      StatusRepositories.Registries registries,
      StatusRepositories.Clusters clusters,
      StatusRepositories.Indexes indexes) {
    this.registries = registries;
    this.clusters = clusters;
    this.indexes = indexes;
  }

  @Transactional
  public void apply(StatusEvent event) {
    if (event instanceof MintStatus m) {
      Optional<RegistryStatusRow> held = registries.findById(m.registryId());
      if (held.isPresent() && m.at() != null && held.get().at().isAfter(m.at())) {
        return;
      }
      RegistryStatusRow row =
          new RegistryStatusRow(
              m.registryId(), m.state().name(), m.generation(), m.expiresAt(), m.message(), m.at());
      if (held.isPresent()) {
        registries.update(row);
      } else {
        registries.save(row);
      }
    } else if (event instanceof InjectionStatus s) {
      String id = s.registryId() + "/" + s.clusterId();
      Optional<ClusterStatusRow> held = clusters.findById(id);
      if (held.isPresent() && s.at() != null && held.get().at().isAfter(s.at())) {
        return;
      }
      ClusterStatusRow row =
          new ClusterStatusRow(
              id,
              s.registryId(),
              s.clusterId(),
              s.generation(),
              s.expiresAt(),
              json(s.current()),
              json(s.failed()),
              s.at());
      if (held.isPresent()) {
        clusters.update(row);
      } else {
        clusters.save(row);
      }
    } else if (event instanceof IndexStatus s) {
      Optional<IndexStatusRow> held = indexes.findById(s.registryId());
      if (held.isPresent() && s.at() != null && held.get().at().isAfter(s.at())) {
        return;
      }
      IndexStatusRow row =
          new IndexStatusRow(
              s.registryId(),
              s.state().name(),
              s.repositories(),
              s.charts(),
              s.skipped(),
              s.message(),
              s.at());
      if (held.isPresent()) {
        indexes.update(row);
      } else {
        indexes.save(row);
      }
    }
  }

  public Optional<RegistryStatusRow> mint(String registryId) {
    return registries.findById(registryId);
  }

  public List<ClusterStatusRow> clusters(String registryId) {
    return clusters.findByRegistryIdOrderByClusterId(registryId);
  }

  public Optional<IndexStatusRow> index(String registryId) {
    return indexes.findById(registryId);
  }

  private static String json(Object value) {
    try {
      return EventJson.mapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
