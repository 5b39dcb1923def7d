package io.portolan.indexer.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.portolan.events.EventJson;
import io.portolan.events.RegistryChanged;
import io.portolan.indexer.index.ChartIndex;
import io.portolan.indexer.index.ChartVersion;
import io.portolan.service.http.ApiProblem;
import io.portolan.service.registries.RegistryDirectory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * The chart store API.
 *
 * <ul>
 *   <li>{@code GET /api/v1/charts/changes}: server-sent events of chart versions indexed and
 *       removed, from now on;
 *   <li>{@code GET /api/v1/charts?q=&keyword=&page=&size=}: charts whose name or description
 *       contains {@code q}, listing {@code keyword} among their keywords, a page at a time;
 *   <li>{@code GET /api/v1/charts/{registry}/{repository}}: a chart's versions, newest first;
 *   <li>{@code GET /api/v1/charts/{registry}/{repository}:{version}}: one version's metadata, with
 *       its {@code oci://} reference, digest and {@code helm pull} command.
 * </ul>
 *
 * {@code registry} is the registry's name or id; a repository may contain slashes.
 */
@Controller("/api/v1/charts")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ChartStoreController {
  private final ChartIndex index;
  private final RegistryDirectory registries;
  private final ChartChangeFeed feed;

  public ChartStoreController(
      ChartIndex index, RegistryDirectory registries, ChartChangeFeed feed) {
    this.index = index;
    this.registries = registries;
    this.feed = feed;
  }

  /**
   * {@code GET /api/v1/charts/changes}: server-sent events, one per chart version indexed ({@code
   * chart.indexed}) or removed ({@code chart.removed}), from now on; a comment every 15 s keeps
   * idle connections open through proxies, and one at once starts the response.
   */
  @Get(value = "/changes", produces = MediaType.TEXT_EVENT_STREAM)
  @ExecuteOn(TaskExecutors.IO)
  public Publisher<Event<?>> changes() {
    Flux<Event<?>> changes =
        feed.changes().map(p -> (Event<?>) Event.of(p.change()).id(p.id()).name(p.change().type()));
    Flux<Event<?>> keepAlive =
        Flux.interval(Duration.ofSeconds(15))
            .map(i -> (Event<?>) Event.of("").comment("keep-alive"));
    // a first comment at once, so the response starts (and clients see 200) before any change
    Flux<Event<?>> hello = Flux.just(Event.of("").comment("portolan chart changes"));
    return Flux.concat(hello, Flux.merge(changes, keepAlive));
  }

  /** A chart: one repository of one registry, summed up by its newest version. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS) // empty lists stay in the JSON
  public record ChartSummary(
      String registry,
      String repository,
      String name,
      String latestVersion,
      @Nullable String appVersion,
      @Nullable String description,
      List<String> keywords,
      @Nullable String icon,
      boolean deprecated,
      int versions,
      String reference) {}

  /** One page of charts. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS) // empty lists stay in the JSON
  public record ChartPage(List<ChartSummary> items, int page, int size, long total) {}

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

  /** A maintainer as Chart.yaml names them. */
  @Serdeable
  public record Maintainer(@Nullable String name, @Nullable String email, @Nullable String url) {}

  /** A dependency as Chart.yaml declares it. */
  @Serdeable
  public record Dependency(
      String name,
      @Nullable String version,
      @Nullable String repository,
      @Nullable String condition,
      @Nullable String alias) {}

  /** Everything the index knows of one version. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS) // empty lists stay in the JSON
  public record VersionDetail(
      String registry,
      String repository,
      String name,
      String version,
      @Nullable String appVersion,
      @Nullable String description,
      @Nullable String home,
      List<String> sources,
      List<String> keywords,
      List<Maintainer> maintainers,
      @Nullable String icon,
      @Nullable String apiVersion,
      @Nullable String type,
      boolean deprecated,
      @Nullable String kubeVersion,
      Map<String, String> annotations,
      List<Dependency> dependencies,
      String digest,
      @Nullable String created,
      long size,
      String reference,
      String helmPull) {}

  @Get
  public ChartPage search(
      @Nullable @QueryValue String q,
      @Nullable @QueryValue String keyword,
      @QueryValue(defaultValue = "0") int page,
      @QueryValue(defaultValue = "20") int size) {
    if (size < 1 || size > 100) {
      throw ApiProblem.invalid("size", "must be between 1 and 100", null);
    }
    if (page < 0 || (long) page * size > 1_000_000) {
      throw ApiProblem.invalid("page", "must be between 0 and " + (1_000_000 / size), null);
    }
    ChartIndex.ChartPage found = index.searchCharts(q, keyword, page * size, size);
    List<ChartSummary> items = new ArrayList<>();
    for (ChartIndex.ChartKey key : found.charts()) {
      List<ChartVersion> versions = index.versions(key.registryId(), key.repository());
      if (versions.isEmpty()) {
        continue; // removed between the two reads
      }
      ChartVersion latest = versions.get(0);
      JsonNode meta = metadata(latest);
      Where where = where(latest.registryId());
      items.add(
          new ChartSummary(
              where.name(),
              latest.repository(),
              latest.name(),
              latest.version(),
              latest.appVersion(),
              latest.description(),
              strings(meta.path("keywords")),
              text(meta, "icon"),
              latest.deprecated(),
              versions.size(),
              "oci://" + where.host() + "/" + latest.repository()));
    }
    return new ChartPage(items, page, size, found.total());
  }

  /** A chart's versions (newest first), or with {@code :version} that version's metadata. */
  @Get("/{registry}/{+path}")
  public Object chart(@PathVariable String registry, @PathVariable String path) {
    RegistryChanged known =
        registries.find(registry).orElseThrow(() -> ApiProblem.notFound("registry " + registry));
    int colon = path.lastIndexOf(':');
    String repository = colon < 0 ? path : path.substring(0, colon);
    List<ChartVersion> versions = index.versions(known.registryId(), repository);
    if (versions.isEmpty()) {
      throw ApiProblem.notFound("chart " + repository + " in registry " + registry);
    }
    Where where = new Where(known.registry().name(), known.registry().host());
    if (colon < 0) {
      return versions.stream().map(v -> view(where, v)).toList();
    }
    String version = path.substring(colon + 1).replace('_', '+');
    ChartVersion v =
        versions.stream()
            .filter(x -> x.version().equals(version))
            .findFirst()
            .orElseThrow(
                () -> ApiProblem.notFound("version " + version + " of chart " + repository));
    return detail(where, v);
  }

  private record Where(String name, String host) {}

  private Where where(String registryId) {
    RegistryChanged registry = registries.get(registryId).orElse(null);
    return registry == null
        ? new Where(registryId, registryId)
        : new Where(registry.registry().name(), registry.registry().host());
  }

  private static VersionView view(Where where, ChartVersion v) {
    return new VersionView(
        v.version(),
        v.appVersion(),
        v.digest(),
        reference(where, v),
        helmPull(where, v),
        v.created(),
        v.size());
  }

  private static String reference(Where where, ChartVersion v) {
    return "oci://" + where.host() + "/" + v.repository() + ":" + v.tag();
  }

  private static String helmPull(Where where, ChartVersion v) {
    return "helm pull oci://" + where.host() + "/" + v.repository() + " --version " + v.version();
  }

  private static VersionDetail detail(Where where, ChartVersion v) {
    JsonNode m = metadata(v);
    List<Maintainer> maintainers = new ArrayList<>();
    m.path("maintainers")
        .forEach(
            x ->
                maintainers.add(new Maintainer(text(x, "name"), text(x, "email"), text(x, "url"))));
    List<Dependency> dependencies = new ArrayList<>();
    m.path("dependencies")
        .forEach(
            x ->
                dependencies.add(
                    new Dependency(
                        x.path("name").asText(""),
                        text(x, "version"),
                        text(x, "repository"),
                        text(x, "condition"),
                        text(x, "alias"))));
    Map<String, String> annotations = new LinkedHashMap<>();
    m.path("annotations")
        .fields()
        .forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
    return new VersionDetail(
        where.name(),
        v.repository(),
        v.name(),
        v.version(),
        v.appVersion(),
        v.description(),
        text(m, "home"),
        strings(m.path("sources")),
        strings(m.path("keywords")),
        maintainers,
        text(m, "icon"),
        v.apiVersion(),
        v.type(),
        v.deprecated(),
        text(m, "kubeVersion"),
        annotations,
        dependencies,
        v.digest(),
        v.created(),
        v.size(),
        reference(where, v),
        helmPull(where, v));
  }

  private static JsonNode metadata(ChartVersion v) {
    try {
      return EventJson.mapper().readTree(v.metadata());
    } catch (IOException e) {
      return EventJson.mapper().createObjectNode(); // stored as the registry served it
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : null;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(
        x -> {
          if (x.isValueNode()) {
            values.add(x.asText());
          }
        });
    return values;
  }
}
