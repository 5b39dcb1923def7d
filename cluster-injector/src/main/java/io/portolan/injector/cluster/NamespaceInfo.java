package io.portolan.injector.cluster;

import java.util.Map;

/** A namespace and its labels. */
public record NamespaceInfo(String name, Map<String, String> labels) {
  public NamespaceInfo {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
