package io.portolan.injector.pullsecret;

import java.util.List;

/** The cluster, as far as pull secrets go. */
public interface PullSecretWriter {
  List<String> namespaces() throws ClusterException;

  /** Every secret this injector manages (by label), in all namespaces. */
  List<ManagedSecret> managedSecrets() throws ClusterException;

  /** Whether any secret of that name exists in the namespace (managed or not). */
  boolean exists(String namespace, String name) throws ClusterException;

  void create(DesiredSecret secret) throws ClusterException;

  void replace(DesiredSecret secret, String resourceVersion) throws ClusterException;

  void delete(String namespace, String name) throws ClusterException;
}
