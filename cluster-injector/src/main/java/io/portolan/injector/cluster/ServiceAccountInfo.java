package io.portolan.injector.cluster;

import java.util.List;
import java.util.Set;

/**
 * A ServiceAccount's pull-secret references, and which of them Portolan added (recorded in the
 * {@code portolan.io/image-pull-secrets} annotation, so it removes exactly those).
 */
public record ServiceAccountInfo(
    String namespace,
    String name,
    List<String> imagePullSecrets,
    Set<String> addedByPortolan,
    boolean hasAnnotations,
    String resourceVersion) {
  public ServiceAccountInfo {
    imagePullSecrets = List.copyOf(imagePullSecrets);
    addedByPortolan = Set.copyOf(addedByPortolan);
  }
}
