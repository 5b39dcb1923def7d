package io.portolan.pusher.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code Chart.yaml} (and a v1 chart's {@code requirements.yaml}) the way Helm's loader does:
 * YAML to JSON-like values, fields matched case-insensitively as Go's {@code encoding/json} does,
 * {@code apiVersion} defaulting to {@code v1}, and the same fields sanitized as {@code
 * Metadata.Validate} sanitizes them (white space becomes a space; non-printable characters go).
 */
final class ChartYaml {
  private ChartYaml() {}

  static Map<String, Object> parse(byte[] yaml, String file) throws ChartRejected {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setCodePointLimit(4 << 20);
    Object root;
    try {
      root =
          new Yaml(new SafeConstructor(options))
              .load(new String(yaml, java.nio.charset.StandardCharsets.UTF_8));
    } catch (YAMLException e) {
      throw new ChartRejected(
          "chart-yaml-invalid", file + " is not valid YAML: " + firstLine(e.getMessage()), e);
    }
    if (root == null) {
      return new LinkedHashMap<>();
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ChartRejected("chart-yaml-invalid", file + " must be a YAML mapping");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      result.put(String.valueOf(e.getKey()), e.getValue());
    }
    return result;
  }

  static ChartMetadata toMetadata(Map<String, Object> yaml) throws ChartRejected {
    Fields f = new Fields(yaml, "Chart.yaml");
    String apiVersion = f.string("apiVersion");
    List<ChartMetadata.Maintainer> maintainers = new ArrayList<>();
    for (Object item : f.list("maintainers")) {
      if (!(item instanceof Map<?, ?> m)) {
        throw new ChartRejected(
            "chart-yaml-invalid", "Chart.yaml: maintainers must not contain empty or null nodes");
      }
      Fields mf = new Fields(stringKeys(m), "Chart.yaml maintainers");
      maintainers.add(
          new ChartMetadata.Maintainer(
              sanitize(mf.string("name")),
              sanitize(mf.string("email")),
              sanitize(mf.string("url"))));
    }
    List<ChartMetadata.Dependency> dependencies = new ArrayList<>();
    for (Object item : f.list("dependencies")) {
      if (!(item instanceof Map<?, ?> m)) {
        throw new ChartRejected(
            "chart-yaml-invalid", "Chart.yaml: dependencies must not contain empty or null nodes");
      }
      Fields df = new Fields(stringKeys(m), "Chart.yaml dependencies");
      String alias = df.string("alias");
      if (!alias.isEmpty() && !alias.matches("[a-zA-Z0-9-_]+")) {
        throw new ChartRejected(
            "chart-yaml-invalid",
            "Chart.yaml: dependency "
                + df.string("name")
                + " has disallowed characters in the alias");
      }
      dependencies.add(
          new ChartMetadata.Dependency(
              sanitize(df.string("name")),
              sanitize(df.string("version")),
              sanitize(df.string("repository")),
              sanitize(df.string("condition")),
              df.strings("tags").stream().map(ChartYaml::sanitize).toList(),
              df.bool("enabled"),
              df.list("import-values"),
              df.list("export-values"),
              alias));
    }
    Map<String, String> annotations = new TreeMap<>();
    Object rawAnnotations = f.get("annotations");
    if (rawAnnotations instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getValue() instanceof String) && e.getValue() != null) {
          throw new ChartRejected(
              "chart-yaml-invalid",
              "Chart.yaml: annotation " + e.getKey() + " must be a string; quote it");
        }
        annotations.put(
            String.valueOf(e.getKey()), e.getValue() == null ? "" : (String) e.getValue());
      }
    } else if (rawAnnotations != null) {
      throw new ChartRejected("chart-yaml-invalid", "Chart.yaml: annotations must be a mapping");
    }
    return new ChartMetadata(
        sanitize(f.string("name")),
        sanitize(f.string("home")),
        f.strings("sources").stream().map(ChartYaml::sanitize).toList(),
        f.string("version"),
        sanitize(f.string("description")),
        f.strings("keywords").stream().map(ChartYaml::sanitize).toList(),
        maintainers,
        sanitize(f.string("icon")),
        apiVersion.isEmpty() ? "v1" : apiVersion,
        sanitize(f.string("condition")),
        sanitize(f.string("tags")),
        sanitize(f.string("appVersion")),
        f.bool("deprecated"),
        annotations,
        sanitize(f.string("kubeVersion")),
        dependencies,
        f.string("type"));
  }

  /** Go's {@code sanitizeString}: white space to ' ', non-printable characters removed. */
  static String sanitize(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              if (isGoSpace(cp)) {
                out.append(' ');
              } else if (isGoPrint(cp)) {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  private static boolean isGoSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || Character.isSpaceChar(cp);
  }

  private static boolean isGoPrint(int cp) {
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> result = new LinkedHashMap<>();
    map.forEach((k, v) -> result.put(String.valueOf(k), v));
    return result;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** Typed access with Go's case-insensitive key matching, refusing wrong types by name. */
  private static final class Fields {
    private final Map<String, Object> map;
    private final String where;

    Fields(Map<String, Object> map, String where) {
      this.map = map;
      this.where = where;
    }

    Object get(String name) {
      if (map.containsKey(name)) {
        return map.get(name);
      }
      for (Map.Entry<String, Object> e : map.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return null;
    }

    String string(String name) throws ChartRejected {
      Object value = get(name);
      if (value == null) {
        return "";
      }
      if (!(value instanceof String s)) {
        throw new ChartRejected(
            "chart-yaml-invalid",
            where
                + ": "
                + name
                + " must be a string, not "
                + describe(value)
                + "; quote it, e.g. "
                + name
                + ": \""
                + value
                + "\"");
      }
      return s;
    }

    boolean bool(String name) throws ChartRejected {
      Object value = get(name);
      if (value == null) {
        return false;
      }
      if (!(value instanceof Boolean b)) {
        throw new ChartRejected(
            "chart-yaml-invalid", where + ": " + name + " must be true or false");
      }
      return b;
    }

    List<Object> list(String name) throws ChartRejected {
      Object value = get(name);
      if (value == null) {
        return List.of();
      }
      if (!(value instanceof List<?> list)) {
        throw new ChartRejected("chart-yaml-invalid", where + ": " + name + " must be a list");
      }
      return new ArrayList<>(list);
    }

    List<String> strings(String name) throws ChartRejected {
      List<String> result = new ArrayList<>();
      for (Object item : list(name)) {
        if (!(item instanceof String s)) {
          throw new ChartRejected(
              "chart-yaml-invalid", where + ": " + name + " must be a list of strings");
        }
        result.add(s);
      }
      return result;
    }

    private static String describe(Object value) {
      if (value instanceof Number) {
        return "a number";
      }
      if (value instanceof Boolean) {
        return "a boolean";
      }
      if (value instanceof Map) {
        return "a mapping";
      }
      if (value instanceof List) {
        return "a list";
      }
      return value.getClass().getSimpleName();
    }
  }
}
