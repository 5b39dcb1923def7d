package io.portolan.catalog.status.http;

import com.fasterxml.jackson.core.type.TypeReference;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.portolan.catalog.auth.Roles;
import io.portolan.catalog.registry.Registry;
import io.portolan.catalog.registry.RegistryService;
import io.portolan.catalog.status.StatusService;
import io.portolan.catalog.status.jdbc.ClusterStatusRow;
import io.portolan.events.EventJson;
import io.portolan.events.InjectionStatus;
import io.portolan.service.http.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code GET /api/v1/registries/{id}/status}: the fleet's view of one registry's credential. */
@Controller("/api/v1/registries")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.ADMIN, Roles.VIEWER})
@Tag(name = "registries")
public class RegistryStatusController {
  private final RegistryService registries;
  private final StatusService status;

  public RegistryStatusController(RegistryService registries, StatusService status) {
    this.registries = registries;
    this.status = status;
  }

  /** The latest mint. */
  @Serdeable
  public record MintView(
      String state,
      long generation,
      @Nullable Instant expiresAt,
      @Nullable String message,
      Instant at) {}

  /** One cluster: the namespaces holding the current credential, and those that failed and why. */
  @Serdeable
  public record ClusterView(
      String clusterId,
      long generation,
      boolean current,
      @Nullable Instant expiresAt,
      List<String> namespaces,
      List<FailureView> failed,
      Instant reportedAt) {}

  /** A namespace that failed, and why. */
  @Serdeable
  public record FailureView(String namespace, String reason) {}

  /** The indexer's last pass. */
  @Serdeable
  public record IndexView(
      String state,
      int repositories,
      int charts,
      int skipped,
      @Nullable String message,
      Instant at) {}

  /** Everything reported about the registry. */
  @Serdeable
  public record StatusView(
      String registryId,
      String name,
      @Nullable MintView mint,
      List<ClusterView> clusters,
      @Nullable IndexView index) {}

  @Get("/{id}/status")
  @Operation(
      summary = "A registry's credential across the fleet",
      description =
          "The last mint and its expiry; per cluster the namespaces that hold it and those that failed.")
  public StatusView getRegistryStatus(@PathVariable String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("registry " + id);
    }
    Registry registry =
        registries.get(uuid).orElseThrow(() -> ApiProblem.notFound("registry " + id));
    MintView mint =
        status
            .mint(id)
            .map(m -> new MintView(m.state(), m.generation(), m.expiresAt(), m.message(), m.at()))
            .orElse(null);
    long generation = mint == null ? -1 : mint.generation();
    List<ClusterView> clusters =
        status.clusters(id).stream().map(c -> cluster(c, generation)).toList();
    IndexView index =
        status
            .index(id)
            .map(
                i ->
                    new IndexView(
                        i.state(), i.repositories(), i.charts(), i.skipped(), i.message(), i.at()))
            .orElse(null);
    return new StatusView(id, registry.snapshot().name(), mint, clusters, index);
  }

  private static ClusterView cluster(ClusterStatusRow row, long mintGeneration) {
    try {
      List<String> namespaces =
          EventJson.mapper().readValue(row.current(), new TypeReference<>() {});
      List<InjectionStatus.NamespaceFailure> failed =
          EventJson.mapper().readValue(row.failed(), new TypeReference<>() {});
      return new ClusterView(
          row.clusterId(),
          row.generation(),
          row.generation() >= mintGeneration,
          row.expiresAt(),
          namespaces,
          failed.stream().map(f -> new FailureView(f.namespace(), f.reason())).toList(),
          row.at());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("A stored cluster status is not readable", e);
    }
  }
}
