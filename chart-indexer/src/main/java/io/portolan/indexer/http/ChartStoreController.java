package io.portolan.indexer.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.portolan.events.RegistryChanged;
import io.portolan.indexer.index.ChartIndex;
import io.portolan.indexer.index.ChartVersion;
import io.portolan.indexer.index.SemanticVersions;
import io.portolan.service.http.ApiProblem;
import io.portolan.service.registries.RegistryDirectory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/charts}: search the index; each chart with its versions, newest first. */
@Controller("/api/v1/charts")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ChartStoreController {
  private final ChartIndex index;
  private final RegistryDirectory registries;

  public ChartStoreController(ChartIndex index, RegistryDirectory registries) {
    this.index = index;
    this.registries = registries;
  }

  /** A chart: one repository of one registry, with its versions. */
  @Serdeable
  public record ChartView(
      String registry,
      String repository,
      String name,
      String latestVersion,
      @Nullable String description,
      List<VersionView> versions) {}

  /** One version, with what a user needs to pull it. */
  @Serdeable
  public record VersionView(
      String version,
      @Nullable String appVersion,
      String digest,
      String reference,
      String helmPull,
      @Nullable String created,
      long size) {}

  @Get
  public List<ChartView> search(
      @Nullable @QueryValue String q, @QueryValue(defaultValue = "50") int size) {
    if (size < 1 || size > 500) {
      throw ApiProblem.invalid("size", "must be between 1 and 500", null);
    }
    Map<String, List<ChartVersion>> byChart = new LinkedHashMap<>();
    for (ChartVersion v : index.search(q, 10_000)) {
      byChart.computeIfAbsent(v.registryId() + "/" + v.repository(), k -> new ArrayList<>()).add(v);
    }
    List<ChartView> charts = new ArrayList<>();
    for (List<ChartVersion> versions : byChart.values()) {
      if (charts.size() >= size) {
        break;
      }
      versions.sort(Comparator.comparing(ChartVersion::version, SemanticVersions.NEWEST_FIRST));
      ChartVersion latest = versions.get(0);
      RegistryChanged registry = registries.get(latest.registryId()).orElse(null);
      String host = registry == null ? latest.registryId() : registry.registry().host();
      String registryName = registry == null ? latest.registryId() : registry.registry().name();
      charts.add(
          new ChartView(
              registryName,
              latest.repository(),
              latest.name(),
              latest.version(),
              latest.description(),
              versions.stream()
                  .map(
                      v ->
                          new VersionView(
                              v.version(),
                              v.appVersion(),
                              v.digest(),
                              "oci://" + host + "/" + v.repository() + ":" + v.tag(),
                              "helm pull oci://"
                                  + host
                                  + "/"
                                  + v.repository()
                                  + " --version "
                                  + v.version(),
                              v.created(),
                              v.size()))
                  .toList()));
    }
    return charts;
  }
}
