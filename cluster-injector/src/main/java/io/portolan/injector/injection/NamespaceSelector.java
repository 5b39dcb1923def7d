package io.portolan.injector.injection;

import java.util.List;
import java.util.Set;

/** Which namespaces get pull secrets: every one but the excluded. */
public final class NamespaceSelector {
  private final Set<String> excluded;

  public NamespaceSelector(List<String> excluded) {
    this.excluded = Set.copyOf(excluded);
  }

  public List<String> select(List<String> namespaces) {
    return namespaces.stream().filter(ns -> !excluded.contains(ns)).sorted().toList();
  }
}
