package io.portolan.oci;

import java.util.List;
import java.util.TreeSet;

/**
 * Token scopes a call needs, e.g. {@code repository:charts/api:pull,push}. Empty for {@code /v2/}.
 */
record Scope(List<String> entries) {
  static final Scope NONE = new Scope(List.of());
  static final Scope CATALOG = new Scope(List.of("registry:catalog:*"));

  Scope {
    entries = List.copyOf(new TreeSet<>(entries));
  }

  static Scope pull(String repository) {
    return new Scope(List.of("repository:" + repository + ":pull"));
  }

  static Scope push(String repository) {
    return new Scope(List.of("repository:" + repository + ":pull,push"));
  }

  /** Push to {@code repository} and pull from {@code from}: what a cross-repository mount needs. */
  static Scope mount(String repository, String from) {
    return new Scope(
        List.of("repository:" + repository + ":pull,push", "repository:" + from + ":pull"));
  }

  /** This scope plus the entries of another (a challenge's {@code scope}). */
  Scope with(List<String> more) {
    java.util.List<String> all = new java.util.ArrayList<>(entries);
    all.addAll(more);
    return new Scope(all);
  }

  String key() {
    return String.join(" ", entries);
  }
}
