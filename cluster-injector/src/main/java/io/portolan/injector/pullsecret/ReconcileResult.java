package io.portolan.injector.pullsecret;

import java.util.List;
import java.util.Map;

/**
 * What one reconcile pass did, per registry: the namespaces that hold its current secret and those
 * that failed, with why. A failing namespace is reported here, never thrown through the pass.
 *
 * @param writes API writes made in this pass (creates, replaces, deletes)
 */
public record ReconcileResult(
    Map<String, List<String>> current,
    Map<String, List<NamespaceError>> failed,
    int writes,
    String clusterError) {

  /** A namespace that could not be brought up to date. */
  public record NamespaceError(String namespace, String reason) {}

  public static ReconcileResult clusterFailed(String reason) {
    return new ReconcileResult(Map.of(), Map.of(), 0, reason);
  }
}
