package io.portolan.pusher.chart;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes JSON exactly as Go's {@code encoding/json} {@code Marshal} does, which is what Helm's
 * digests depend on: compact, struct fields in declaration order with {@code omitempty}, map keys
 * sorted, and strings HTML-escaped ({@code <}, {@code >}, {@code &} as {@code \u003c}, {@code
 * \u003e}, {@code \u0026}; U+2028 and U+2029 escaped; other non-ASCII characters as UTF-8).
 *
 * <p>Not thread-safe; one instance per document.
 */
final class GoJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private final StringBuilder out = new StringBuilder();
  private boolean first = true;

  GoJson beginObject() {
    out.append('{');
    first = true;
    return this;
  }

  GoJson endObject() {
    out.append('}');
    first = false;
    return this;
  }

  private void key(String name) {
    if (!first) {
      out.append(',');
    }
    first = false;
    string(name);
    out.append(':');
  }

  /** A string field, left out when empty ({@code omitempty}). */
  GoJson stringOmitEmpty(String name, String value) {
    if (value != null && !value.isEmpty()) {
      key(name);
      string(value);
    }
    return this;
  }

  /** A string field written even when empty. */
  GoJson stringAlways(String name, String value) {
    key(name);
    string(value == null ? "" : value);
    return this;
  }

  GoJson number(String name, long value) {
    key(name);
    out.append(value);
    return this;
  }

  GoJson boolOmitEmpty(String name, boolean value) {
    if (value) {
      key(name);
      out.append("true");
    }
    return this;
  }

  GoJson stringsOmitEmpty(String name, List<String> values) {
    if (values != null && !values.isEmpty()) {
      key(name);
      out.append('[');
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        string(values.get(i));
      }
      out.append(']');
    }
    return this;
  }

  /** A {@code map[string]string} field, keys sorted, left out when empty. */
  GoJson mapOmitEmpty(String name, Map<String, String> values) {
    if (values != null && !values.isEmpty()) {
      key(name);
      out.append('{');
      boolean firstEntry = true;
      for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
        if (!firstEntry) {
          out.append(',');
        }
        firstEntry = false;
        string(e.getKey());
        out.append(':');
        string(e.getValue());
      }
      out.append('}');
    }
    return this;
  }

  /** Starts a nested object or array value under a key. */
  GoJson field(String name) {
    key(name);
    return this;
  }

  GoJson beginArray() {
    out.append('[');
    first = true;
    return this;
  }

  GoJson endArray() {
    out.append(']');
    first = false;
    return this;
  }

  /** Separates array elements. */
  GoJson element() {
    if (!first) {
      out.append(',');
    }
    first = false;
    return this;
  }

  /** Any YAML-decoded value: strings, booleans, numbers, lists, maps (keys sorted). */
  GoJson value(Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s);
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Number n) {
      out.append(n);
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        value(list.get(i));
      }
      out.append(']');
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean firstEntry = true;
      TreeMap<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!firstEntry) {
          out.append(',');
        }
        firstEntry = false;
        string(e.getKey());
        out.append(':');
        value(e.getValue());
      }
      out.append('}');
    } else {
      string(String.valueOf(value));
    }
    first = false;
    return this;
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '<', '>', '&', '\u2028', '\u2029' -> unicode(c);
        default -> {
          if (c < 0x20) {
            unicode(c);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private void unicode(char c) {
    out.append("\\u00").append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    if (c > 0xFF) {
      // U+2028 / U+2029: rewrite the last four digits
      out.setLength(out.length() - 6);
      out.append("\\u")
          .append(HEX[(c >> 12) & 0xF])
          .append(HEX[(c >> 8) & 0xF])
          .append(HEX[(c >> 4) & 0xF])
          .append(HEX[c & 0xF]);
    }
  }

  byte[] bytes() {
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
