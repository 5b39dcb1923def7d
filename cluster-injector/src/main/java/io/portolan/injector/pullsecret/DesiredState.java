package io.portolan.injector.pullsecret;

import java.time.Instant;
import java.util.List;

/**
 * What the cluster should hold: for each selected namespace, a pull secret per injected registry, a
 * reference to the user's Secret per referenced registry, and the ServiceAccounts wired to both.
 *
 * @param namespaces the namespaces the selector matches, sorted
 */
public record DesiredState(
    List<String> namespaces,
    List<Injected> injected,
    List<Referenced> referenced,
    ServiceAccountWiring wiring) {

  public DesiredState {
    namespaces = List.copyOf(namespaces);
    injected = List.copyOf(injected);
    referenced = List.copyOf(referenced);
  }

  /**
   * A registry whose credential Portolan writes ({@code SAME_AS_REGISTRY}).
   *
   * @param dockerConfigJson the {@code .dockerconfigjson} bytes
   * @param contentHash their sha256, kept in an annotation
   */
  public record Injected(
      String registryId,
      String registryName,
      String secretName,
      long generation,
      Instant expiresAt,
      byte[] dockerConfigJson,
      String contentHash) {
    DesiredSecret in(String namespace) {
      return new DesiredSecret(
          namespace,
          secretName,
          registryId,
          registryName,
          generation,
          expiresAt,
          dockerConfigJson,
          contentHash);
    }

    @Override
    public String toString() {
      return "Injected[" + registryName + " as " + secretName + ", generation " + generation + "]";
    }
  }

  /** A registry whose pull secret the user manages ({@code IMAGE_PULL_SECRET_NAME}). */
  public record Referenced(String registryId, String secretName) {}
}
