package io.portolan.injector.injection;

import io.portolan.injector.cluster.NamespaceInfo;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which namespaces get pull secrets. A namespace is selected when it matches the include label
 * selector and one of the include name patterns (both match everything when empty), and matches
 * neither the exclude label selector (when set) nor an exclude name pattern. Name patterns are
 * globs: {@code *} is any run of characters, {@code ?} one character.
 *
 * <p>Immutable and thread-safe.
 */
public final class NamespaceSelector {
  /** The namespaces Kubernetes itself runs in, excluded unless configured otherwise. */
  public static final List<String> DEFAULT_EXCLUDED =
      List.of("kube-system", "kube-public", "kube-node-lease");

  private final LabelSelector include;
  private final LabelSelector exclude;
  private final List<Pattern> includeNames;
  private final List<Pattern> excludeNames;

  public NamespaceSelector(
      LabelSelector include,
      LabelSelector exclude,
      List<String> includeNames,
      List<String> excludeNames) {
    this.include = include;
    this.exclude = exclude;
    this.includeNames = includeNames.stream().map(NamespaceSelector::glob).toList();
    this.excludeNames = excludeNames.stream().map(NamespaceSelector::glob).toList();
  }

  /** Every namespace but the excluded names. */
  public static NamespaceSelector excluding(List<String> names) {
    return new NamespaceSelector(LabelSelector.parse(""), null, List.of(), names);
  }

  public boolean selects(NamespaceInfo ns) {
    if (!include.matches(ns.labels())) {
      return false;
    }
    if (exclude != null && !exclude.isEmpty() && exclude.matches(ns.labels())) {
      return false;
    }
    if (!includeNames.isEmpty() && includeNames.stream().noneMatch(p -> matches(p, ns.name()))) {
      return false;
    }
    return excludeNames.stream().noneMatch(p -> matches(p, ns.name()));
  }

  public List<String> select(List<NamespaceInfo> namespaces) {
    return namespaces.stream().filter(this::selects).map(NamespaceInfo::name).sorted().toList();
  }

  private static boolean matches(Pattern p, String name) {
    return p.matcher(name).matches();
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.trim().toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
