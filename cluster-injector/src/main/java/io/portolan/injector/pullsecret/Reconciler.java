package io.portolan.injector.pullsecret;

import io.portolan.injector.cluster.Cluster;
import io.portolan.injector.cluster.ClusterException;
import io.portolan.injector.cluster.ManagedSecret;
import io.portolan.injector.cluster.ServiceAccountInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cluster equal the desired state, level-triggered: each pass lists what Portolan manages
 * (one call for secrets, one for ServiceAccounts), compares it with what should be, and writes only
 * the difference, namespace by namespace on a bounded pool. When the cluster already equals the
 * desired state, a pass makes no write at all.
 *
 * <p>It never modifies, adopts or deletes an object it does not manage: a Secret of the wanted name
 * that Portolan did not create is reported as a clash, and on a ServiceAccount it only adds or
 * removes the {@code imagePullSecrets} entries it records (in an annotation) as its own.
 *
 * <p>Not thread-safe: one pass at a time (the injection loop runs them on one thread); the pass
 * itself fans out on {@code pool}.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final Cluster cluster;
  private final ExecutorService pool;

  /**
   * @param pool runs the per-namespace work; its size bounds the concurrent calls to the API
   */
  public Reconciler(Cluster cluster, ExecutorService pool) {
    this.cluster = cluster;
    this.pool = pool;
  }

  /** What one pass collects, from many namespace tasks at once. */
  private static final class Outcome {
    final Map<String, Set<String>> current = new ConcurrentHashMap<>();
    final Map<String, List<ReconcileResult.NamespaceError>> failed = new ConcurrentHashMap<>();
    final AtomicInteger writes = new AtomicInteger();
    final ConcurrentLinkedQueue<String> waiting = new ConcurrentLinkedQueue<>();
    // namespace -> secret names that exist there and may be referenced
    final Map<String, Set<String>> referencable = new ConcurrentHashMap<>();

    void current(String registryId, String namespace) {
      current.computeIfAbsent(registryId, r -> ConcurrentHashMap.newKeySet()).add(namespace);
    }

    void fail(String registryId, String namespace, String reason) {
      failed
          .computeIfAbsent(
              registryId, r -> java.util.Collections.synchronizedList(new ArrayList<>()))
          .add(new ReconcileResult.NamespaceError(namespace, reason));
    }

    void referencable(String namespace, String secretName) {
      referencable.computeIfAbsent(namespace, n -> ConcurrentHashMap.newKeySet()).add(secretName);
    }

    ReconcileResult result(Set<String> registries) {
      Map<String, List<String>> cur = new TreeMap<>();
      Map<String, List<ReconcileResult.NamespaceError>> fail = new TreeMap<>();
      for (String r : registries) {
        cur.put(r, new ArrayList<>());
        fail.put(r, new ArrayList<>());
      }
      failed.forEach(
          (r, errors) -> {
            List<ReconcileResult.NamespaceError> sorted = new ArrayList<>(errors);
            sorted.sort(java.util.Comparator.comparing(ReconcileResult.NamespaceError::namespace));
            fail.put(r, sorted);
          });
      current.forEach(
          (r, namespaces) -> {
            Set<String> failedHere = new HashSet<>();
            fail.getOrDefault(r, List.of()).forEach(e -> failedHere.add(e.namespace()));
            cur.put(r, namespaces.stream().filter(n -> !failedHere.contains(n)).sorted().toList());
          });
      return new ReconcileResult(
          cur, fail, writes.get(), waiting.stream().sorted().distinct().toList(), null);
    }
  }

  /** One pass. */
  public ReconcileResult reconcile(DesiredState desired) {
    Set<String> registries = new LinkedHashSet<>();
    desired.injected().forEach(i -> registries.add(i.registryId()));
    desired.referenced().forEach(r -> registries.add(r.registryId()));
    List<ManagedSecret> actual;
    List<ServiceAccountInfo> accounts;
    try {
      actual = cluster.managedSecrets();
      // listed even without wiring: entries added under an earlier setting are removed
      accounts = cluster.serviceAccounts();
    } catch (ClusterException e) {
      LOG.warn("Could not read the cluster: {}", e.getMessage());
      return ReconcileResult.clusterFailed(e.getMessage());
    }
    Map<String, Map<String, ManagedSecret>> actualByNamespace = new HashMap<>();
    for (ManagedSecret s : actual) {
      actualByNamespace.computeIfAbsent(s.namespace(), n -> new HashMap<>()).put(s.name(), s);
    }
    Outcome outcome = new Outcome();
    Set<String> selected = new HashSet<>(desired.namespaces());

    // 1. secrets: write what differs in selected namespaces, delete what is no longer desired
    List<Future<?>> tasks = new ArrayList<>();
    for (String ns : desired.namespaces()) {
      Map<String, ManagedSecret> here = actualByNamespace.getOrDefault(ns, Map.of());
      tasks.add(pool.submit(() -> secretsIn(ns, here, desired, outcome)));
    }
    actualByNamespace.forEach(
        (ns, here) -> {
          if (!selected.contains(ns)) {
            tasks.add(pool.submit(() -> deleteAll(ns, here.values(), outcome)));
          }
        });
    await(tasks);

    // 2. ServiceAccounts: add what should be referenced, remove exactly what Portolan added
    Map<String, List<ServiceAccountInfo>> accountsByNamespace = new HashMap<>();
    for (ServiceAccountInfo a : accounts) {
      accountsByNamespace.computeIfAbsent(a.namespace(), n -> new ArrayList<>()).add(a);
    }
    tasks.clear();
    for (Map.Entry<String, List<ServiceAccountInfo>> e : accountsByNamespace.entrySet()) {
      String ns = e.getKey();
      tasks.add(pool.submit(() -> wire(ns, e.getValue(), selected.contains(ns), desired, outcome)));
    }
    if (desired.wiring() != ServiceAccountWiring.NONE) {
      for (String ns : desired.namespaces()) {
        boolean hasDefault =
            accountsByNamespace.getOrDefault(ns, List.of()).stream()
                .anyMatch(a -> a.name().equals("default"));
        if (!hasDefault && !wanted(ns, desired, outcome).isEmpty()) {
          outcome.waiting.add(ns);
        }
      }
    }
    await(tasks);
    return outcome.result(registries);
  }

  private void secretsIn(
      String ns, Map<String, ManagedSecret> here, DesiredState desired, Outcome outcome) {
    Set<String> wantedNames = new HashSet<>();
    for (DesiredState.Injected injected : desired.injected()) {
      DesiredSecret want = injected.in(ns);
      wantedNames.add(want.name());
      ManagedSecret have = here.get(want.name());
      try {
        if (have == null) {
          if (cluster.secret(ns, want.name()) == Cluster.SecretPresence.FOREIGN) {
            throw new ClusterException(
                "Secret "
                    + want.name()
                    + " already exists and is not managed by Portolan; it was left alone. Rename"
                    + " or remove it, or change portolan.injector.secret-name-template",
                409,
                null);
          }
          cluster.create(want);
          outcome.writes.incrementAndGet();
          LOG.info("Created pull secret [{}] in [{}]", want.name(), ns);
        } else if (!want.contentHash().equals(have.contentHash())
            || !want.registryId().equals(have.registryId())) {
          cluster.replace(want, have.resourceVersion());
          outcome.writes.incrementAndGet();
          LOG.info(
              "Updated pull secret [{}] in [{}] to generation {}",
              want.name(),
              ns,
              want.generation());
        }
        outcome.current(want.registryId(), ns);
        outcome.referencable(ns, want.name());
      } catch (ClusterException e) {
        LOG.warn("Could not write pull secret [{}] in [{}]: {}", want.name(), ns, e.getMessage());
        outcome.fail(want.registryId(), ns, e.getMessage());
      }
    }
    for (DesiredState.Referenced referenced : desired.referenced()) {
      try {
        if (cluster.secret(ns, referenced.secretName()) == Cluster.SecretPresence.ABSENT) {
          outcome.fail(
              referenced.registryId(),
              ns,
              "Secret "
                  + referenced.secretName()
                  + " does not exist in this namespace; pods referencing it cannot pull. Create"
                  + " it, or let Portolan inject the credential (access mode SAME_AS_REGISTRY)");
        } else {
          outcome.current(referenced.registryId(), ns);
        }
      } catch (ClusterException e) {
        outcome.fail(referenced.registryId(), ns, e.getMessage());
      }
    }
    List<ManagedSecret> stale =
        here.values().stream().filter(s -> !wantedNames.contains(s.name())).toList();
    deleteAll(ns, stale, outcome);
  }

  private void deleteAll(String ns, java.util.Collection<ManagedSecret> stale, Outcome outcome) {
    for (ManagedSecret s : stale) {
      try {
        cluster.delete(ns, s.name());
        outcome.writes.incrementAndGet();
        LOG.info("Deleted pull secret [{}] in [{}]", s.name(), ns);
      } catch (ClusterException e) {
        LOG.warn("Could not delete pull secret [{}] in [{}]: {}", s.name(), ns, e.getMessage());
        outcome.fail(s.registryId(), ns, e.getMessage());
      }
    }
  }

  /** The secret names a selected namespace's ServiceAccounts should reference, by registry. */
  private static Map<String, String> wanted(String ns, DesiredState desired, Outcome outcome) {
    Map<String, String> names = new HashMap<>(); // secret name -> registry id
    Set<String> present = outcome.referencable.getOrDefault(ns, Set.of());
    for (DesiredState.Injected i : desired.injected()) {
      if (present.contains(i.secretName())) {
        names.put(i.secretName(), i.registryId());
      }
    }
    for (DesiredState.Referenced r : desired.referenced()) {
      names.put(r.secretName(), r.registryId());
    }
    return names;
  }

  private void wire(
      String ns,
      List<ServiceAccountInfo> accounts,
      boolean selected,
      DesiredState desired,
      Outcome outcome) {
    Map<String, String> wantedHere =
        selected && desired.wiring() != ServiceAccountWiring.NONE
            ? wanted(ns, desired, outcome)
            : Map.of();
    for (ServiceAccountInfo account : accounts) {
      boolean wired =
          desired.wiring() == ServiceAccountWiring.ALL
              || (desired.wiring() == ServiceAccountWiring.DEFAULT
                  && account.name().equals("default"));
      Set<String> want = wired ? wantedHere.keySet() : Set.of();
      if (account.addedByPortolan().isEmpty() && want.isEmpty()) {
        continue;
      }
      List<String> refs = new ArrayList<>(account.imagePullSecrets());
      Set<String> added = new LinkedHashSet<>(account.addedByPortolan());
      added.retainAll(refs); // someone removed one: it is no longer ours to remove
      for (String mine : List.copyOf(added)) {
        if (!want.contains(mine)) {
          refs.remove(mine);
          added.remove(mine);
        }
      }
      for (String name : want.stream().sorted().toList()) {
        if (!refs.contains(name)) {
          refs.add(name);
          added.add(name);
        }
      }
      if (refs.equals(account.imagePullSecrets()) && added.equals(account.addedByPortolan())) {
        continue;
      }
      try {
        cluster.updatePullSecrets(account, refs, added);
        outcome.writes.incrementAndGet();
        LOG.info(
            "Set imagePullSecrets of service account [{}] in [{}] to {}", account.name(), ns, refs);
      } catch (ClusterException e) {
        LOG.warn(
            "Could not update service account [{}] in [{}]: {}",
            account.name(),
            ns,
            e.getMessage());
        String reason = "ServiceAccount " + account.name() + ": " + e.getMessage();
        Set<String> affected = new HashSet<>(want);
        affected.addAll(account.addedByPortolan());
        for (String name : affected) {
          String registryId = wantedHere.get(name);
          if (registryId != null) {
            outcome.fail(registryId, ns, reason);
          }
        }
      }
    }
  }

  private static void await(List<Future<?>> tasks) {
    for (Future<?> task : tasks) {
      try {
        task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        LOG.error("A namespace task failed unexpectedly", e.getCause());
      }
    }
  }
}
