package io.portolan.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * CI asks for a chart package to be pushed to one or more registries.
 *
 * @param requestId chosen by the caller; results on {@code status} and {@code chart.changes} carry
 *     it
 * @param source an {@code https://} (or {@code http://}) URL of a {@code .tgz}, or an {@code
 *     oci://host/repository/name:version} reference in another registry
 * @param provenanceSource optional URL of the {@code .prov} file
 * @param targets where to push
 * @param created optional time for the {@code org.opencontainers.image.created} annotation
 */
public record ChartPushRequested(
    int schemaVersion,
    String requestId,
    String source,
    String provenanceSource,
    List<Target> targets,
    Instant created)
    implements BuildEvent {
  public static final int SCHEMA_VERSION = 1;

  /**
   * One target.
   *
   * @param registry the registry's name or id in the catalog
   * @param namespace the repository namespace in that registry, optional
   */
  public record Target(String registry, String namespace) {}

  public ChartPushRequested {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(source, "source");
    targets = targets == null ? List.of() : List.copyOf(targets);
  }

  public ChartPushRequested(
      String requestId,
      String source,
      String provenanceSource,
      List<Target> targets,
      Instant created) {
    this(SCHEMA_VERSION, requestId, source, provenanceSource, targets, created);
  }

  @Override
  public String key() {
    return requestId;
  }
}
