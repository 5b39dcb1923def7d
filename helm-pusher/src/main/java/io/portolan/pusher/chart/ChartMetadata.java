package io.portolan.pusher.chart;

import java.util.List;
import java.util.Map;

/**
 * {@code Chart.yaml} as Helm models it ({@code pkg/chart/metadata.go}): the fields, in the order
 * Helm's JSON encoding writes them, after Helm's loader has sanitized them.
 */
public record ChartMetadata(
    String name,
    String home,
    List<String> sources,
    String version,
    String description,
    List<String> keywords,
    List<Maintainer> maintainers,
    String icon,
    String apiVersion,
    String condition,
    String tags,
    String appVersion,
    boolean deprecated,
    Map<String, String> annotations,
    String kubeVersion,
    List<Dependency> dependencies,
    String type) {

  /** A maintainer; every field may be empty. */
  public record Maintainer(String name, String email, String url) {}

  /**
   * A dependency ({@code pkg/chart/dependency.go}); {@code name} and {@code repository} are always
   * written, even empty.
   *
   * @param importValues and exportValues hold strings or {@code {child, parent}} maps, as in YAML
   */
  public record Dependency(
      String name,
      String version,
      String repository,
      String condition,
      List<String> tags,
      boolean enabled,
      List<Object> importValues,
      List<Object> exportValues,
      String alias) {}
}
