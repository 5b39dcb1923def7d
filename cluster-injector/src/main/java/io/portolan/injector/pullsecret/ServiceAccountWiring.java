package io.portolan.injector.pullsecret;

/** Which ServiceAccounts get {@code imagePullSecrets} entries for Portolan's pull secrets. */
public enum ServiceAccountWiring {
  /** None: workloads name the secrets themselves. */
  NONE,
  /** The {@code default} ServiceAccount of each selected namespace. */
  DEFAULT,
  /** Every ServiceAccount of each selected namespace. */
  ALL
}
