package io.portolan.injector.pullsecret;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cluster's managed pull secrets equal the desired ones, level-triggered: it compares
 * desired and actual each time, whatever event woke it, and writes only what differs (a content
 * hash in an annotation says whether a secret is current). It never modifies or deletes a secret it
 * does not manage: a name clash with someone else's secret is reported, not overwritten.
 *
 * <p>Not thread-safe: one reconcile at a time (the injector runs them on one thread).
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final PullSecretWriter cluster;

  public Reconciler(PullSecretWriter cluster) {
    this.cluster = cluster;
  }

  /**
   * One pass.
   *
   * @param desired every secret that should exist, across namespaces
   * @param registries every registry id with a desired secret (so results list them even when no
   *     namespace is selected)
   */
  public ReconcileResult reconcile(List<DesiredSecret> desired, Set<String> registries) {
    List<ManagedSecret> actual;
    try {
      actual = cluster.managedSecrets();
    } catch (ClusterException e) {
      LOG.warn("Could not list managed secrets: {}", e.getMessage());
      return ReconcileResult.clusterFailed(e.getMessage());
    }
    Map<String, ManagedSecret> actualByKey = new HashMap<>();
    actual.forEach(s -> actualByKey.put(s.namespace() + "/" + s.name(), s));
    Map<String, List<String>> current = new TreeMap<>();
    Map<String, List<ReconcileResult.NamespaceError>> failed = new TreeMap<>();
    registries.forEach(
        r -> {
          current.put(r, new ArrayList<>());
          failed.put(r, new ArrayList<>());
        });
    int writes = 0;
    Set<String> desiredKeys = new java.util.HashSet<>();
    for (DesiredSecret want : desired) {
      String key = want.namespace() + "/" + want.name();
      desiredKeys.add(key);
      ManagedSecret have = actualByKey.get(key);
      try {
        if (have == null) {
          if (cluster.exists(want.namespace(), want.name())) {
            throw new ClusterException(
                "Secret " + want.name() + " exists and is not managed by Portolan; left alone",
                409,
                null);
          }
          cluster.create(want);
          writes++;
          LOG.info("Created pull secret [{}] in [{}]", want.name(), want.namespace());
        } else if (!want.contentHash().equals(have.contentHash())
            || !want.registryId().equals(have.registryId())) {
          cluster.replace(want, have.resourceVersion());
          writes++;
          LOG.info(
              "Updated pull secret [{}] in [{}] to generation {}",
              want.name(),
              want.namespace(),
              want.generation());
        }
        current.computeIfAbsent(want.registryId(), r -> new ArrayList<>()).add(want.namespace());
      } catch (ClusterException e) {
        LOG.warn(
            "Could not write pull secret [{}] in [{}]: {}",
            want.name(),
            want.namespace(),
            e.getMessage());
        failed
            .computeIfAbsent(want.registryId(), r -> new ArrayList<>())
            .add(new ReconcileResult.NamespaceError(want.namespace(), e.getMessage()));
      }
    }
    for (ManagedSecret stale : actual) {
      if (desiredKeys.contains(stale.namespace() + "/" + stale.name())) {
        continue;
      }
      try {
        cluster.delete(stale.namespace(), stale.name());
        writes++;
        LOG.info("Deleted pull secret [{}] in [{}]", stale.name(), stale.namespace());
      } catch (ClusterException e) {
        LOG.warn(
            "Could not delete pull secret [{}] in [{}]: {}",
            stale.name(),
            stale.namespace(),
            e.getMessage());
        failed
            .computeIfAbsent(stale.registryId(), r -> new ArrayList<>())
            .add(new ReconcileResult.NamespaceError(stale.namespace(), e.getMessage()));
      }
    }
    return new ReconcileResult(current, failed, writes, null);
  }
}
