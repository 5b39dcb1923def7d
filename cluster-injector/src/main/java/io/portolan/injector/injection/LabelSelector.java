package io.portolan.injector.injection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes label selector in its string form, as {@code kubectl -l} takes it: comma-separated
 * requirements, all of which must hold — {@code key=value}, {@code key==value}, {@code key!=value},
 * {@code key in (a,b)}, {@code key notin (a,b)}, {@code key} (exists) and {@code !key} (does not
 * exist). The empty selector matches everything.
 *
 * <p>Immutable and thread-safe.
 */
public final class LabelSelector {
  private enum Op {
    EQUALS,
    NOT_EQUALS,
    IN,
    NOT_IN,
    EXISTS,
    DOES_NOT_EXIST
  }

  private record Requirement(String key, Op op, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (op) {
        case EQUALS, IN -> value != null && values.contains(value);
        case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
      };
    }
  }

  private final String text;
  private final List<Requirement> requirements;

  private LabelSelector(String text, List<Requirement> requirements) {
    this.text = text;
    this.requirements = requirements;
  }

  /** Parses a selector; the message of the exception says which requirement is wrong and why. */
  public static LabelSelector parse(String text) {
    String source = text == null ? "" : text.trim();
    List<Requirement> requirements = new ArrayList<>();
    for (String part : splitTopLevel(source)) {
      String r = part.trim();
      if (r.isEmpty()) {
        throw invalid(source, part, "an empty requirement");
      }
      requirements.add(requirement(source, r));
    }
    return new LabelSelector(source, List.copyOf(requirements));
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  public boolean matches(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    return requirements.stream().allMatch(r -> r.matches(l));
  }

  @Override
  public String toString() {
    return text;
  }

  private static Requirement requirement(String source, String r) {
    String lower = r.toLowerCase(java.util.Locale.ROOT);
    int set = lower.indexOf(" notin ");
    Op setOp = Op.NOT_IN;
    if (set < 0) {
      set = lower.indexOf(" in ");
      setOp = Op.IN;
    }
    if (set > 0) {
      String key = key(source, r.substring(0, set).trim());
      String rest = r.substring(set + (setOp == Op.IN ? 4 : 7)).trim();
      if (!rest.startsWith("(") || !rest.endsWith(")")) {
        throw invalid(source, r, "a set of values in parentheses, like (a,b)");
      }
      Set<String> values = new java.util.LinkedHashSet<>();
      for (String v : rest.substring(1, rest.length() - 1).split(",")) {
        values.add(value(source, v.trim()));
      }
      return new Requirement(key, setOp, Set.copyOf(values));
    }
    int ne = r.indexOf("!=");
    if (ne > 0) {
      return new Requirement(
          key(source, r.substring(0, ne).trim()),
          Op.NOT_EQUALS,
          Set.of(value(source, r.substring(ne + 2).trim())));
    }
    int eq = r.indexOf('=');
    if (eq > 0) {
      int valueStart = r.startsWith("==", eq) ? eq + 2 : eq + 1;
      return new Requirement(
          key(source, r.substring(0, eq).trim()),
          Op.EQUALS,
          Set.of(value(source, r.substring(valueStart).trim())));
    }
    if (r.startsWith("!")) {
      return new Requirement(key(source, r.substring(1).trim()), Op.DOES_NOT_EXIST, Set.of());
    }
    return new Requirement(key(source, r), Op.EXISTS, Set.of());
  }

  private static List<String> splitTopLevel(String s) {
    List<String> parts = new ArrayList<>();
    if (s.isEmpty()) {
      return parts;
    }
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  private static final java.util.regex.Pattern KEY =
      java.util.regex.Pattern.compile(
          "([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final java.util.regex.Pattern VALUE =
      java.util.regex.Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  private static String key(String source, String key) {
    if (!KEY.matcher(key).matches()) {
      throw invalid(source, key, "a label key (letters, digits, '-', '_', '.', optional prefix/)");
    }
    return key;
  }

  private static String value(String source, String value) {
    if (!VALUE.matcher(value).matches()) {
      throw invalid(source, value, "a label value (letters, digits, '-', '_', '.')");
    }
    return value;
  }

  private static IllegalArgumentException invalid(String source, String part, String expected) {
    return new IllegalArgumentException(
        "Label selector ["
            + source
            + "] is not valid at ["
            + part
            + "]: expected "
            + expected
            + ", as kubectl -l takes it (e.g. team=a,env in (prod,staging),!legacy)");
  }
}
