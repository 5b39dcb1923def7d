package io.portolan.injector.cluster;

import io.portolan.injector.pullsecret.DesiredSecret;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** The Kubernetes API, as far as the injector uses it. Implementations retry what may succeed. */
public interface Cluster {
  /** Every namespace that is not being deleted. */
  List<NamespaceInfo> namespaces() throws ClusterException;

  /**
   * Watches namespaces and calls {@code onChange} for each added, changed or deleted one, until
   * {@code running} turns false. Throws when the API server cannot watch (the caller then lists).
   */
  void watchNamespaces(Runnable onChange, BooleanSupplier running) throws ClusterException;

  /** Every pull secret this injector manages (by label), in all namespaces. */
  List<ManagedSecret> managedSecrets() throws ClusterException;

  /**
   * Whether a Secret of that name exists in the namespace, and whether this injector manages it.
   */
  SecretPresence secret(String namespace, String name) throws ClusterException;

  /** What is at a Secret's name. */
  enum SecretPresence {
    ABSENT,
    MANAGED,
    FOREIGN
  }

  void create(DesiredSecret secret) throws ClusterException;

  void replace(DesiredSecret secret, String resourceVersion) throws ClusterException;

  void delete(String namespace, String name) throws ClusterException;

  /** Every ServiceAccount, in all namespaces. */
  List<ServiceAccountInfo> serviceAccounts() throws ClusterException;

  /**
   * Sets a ServiceAccount's pull-secret references and the record of which Portolan added, only if
   * it is unchanged since it was read (a JSON Patch with a test of its resource version).
   */
  void updatePullSecrets(ServiceAccountInfo account, List<String> pullSecrets, Set<String> added)
      throws ClusterException;

  Optional<LeaseRecord> lease(String namespace, String name) throws ClusterException;

  /** Creates or replaces (when {@code resourceVersion} is set) the lease; 409 when outdated. */
  void writeLease(String namespace, String name, LeaseRecord lease) throws ClusterException;
}
