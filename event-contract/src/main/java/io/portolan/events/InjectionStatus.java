package io.portolan.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One injector's result for one registry in its cluster. Subject {@code
 * cluster/<clusterId>/<registryId>}.
 *
 * @param generation the credential generation the namespaces now hold
 * @param current namespaces whose pull secret matches {@code generation}
 * @param failed namespaces that could not be brought up to date, with the reason
 * @param heartbeat true when nothing changed and this report only confirms freshness
 */
public record InjectionStatus(
    int schemaVersion,
    String clusterId,
    String registryId,
    long generation,
    Instant expiresAt,
    List<String> current,
    List<NamespaceFailure> failed,
    boolean heartbeat,
    Instant at)
    implements StatusEvent {
  public static final int SCHEMA_VERSION = 1;

  /** A namespace that failed, and why, in words. */
  public record NamespaceFailure(String namespace, String reason) {}

  public InjectionStatus {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(registryId, "registryId");
    current = current == null ? List.of() : List.copyOf(current);
    failed = failed == null ? List.of() : List.copyOf(failed);
  }

  public InjectionStatus(
      String clusterId,
      String registryId,
      long generation,
      Instant expiresAt,
      List<String> current,
      List<NamespaceFailure> failed,
      boolean heartbeat,
      Instant at) {
    this(
        SCHEMA_VERSION,
        clusterId,
        registryId,
        generation,
        expiresAt,
        current,
        failed,
        heartbeat,
        at);
  }

  @Override
  public String key() {
    return "cluster/" + clusterId + "/" + registryId;
  }
}
