package io.portolan.injector.pullsecret;

import java.util.List;
import java.util.Map;

/**
 * What one reconcile pass did, per registry: the namespaces that hold its current secret (and,
 * where wiring applies, whose ServiceAccounts reference it) and those that failed, with why. A
 * failing namespace is reported here, never thrown through the pass.
 *
 * @param writes API writes made in this pass (creates, replaces, deletes, patches)
 * @param waiting namespaces whose {@code default} ServiceAccount does not exist yet, so a pass soon
 *     should wire it
 * @param clusterError why the pass could not run at all, or null
 */
public record ReconcileResult(
    Map<String, List<String>> current,
    Map<String, List<NamespaceError>> failed,
    int writes,
    List<String> waiting,
    String clusterError) {

  /** A namespace that could not be brought up to date. */
  public record NamespaceError(String namespace, String reason) {}

  public static ReconcileResult clusterFailed(String reason) {
    return new ReconcileResult(Map.of(), Map.of(), 0, List.of(), reason);
  }

  /** Whether another pass soon may do better: something failed or a ServiceAccount is awaited. */
  public boolean wantsFollowUp() {
    return clusterError != null
        || !waiting.isEmpty()
        || failed.values().stream().anyMatch(f -> !f.isEmpty());
  }
}
