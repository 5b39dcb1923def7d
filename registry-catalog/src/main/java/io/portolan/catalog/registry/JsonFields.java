package io.portolan.catalog.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portolan.service.http.Problem.FieldProblem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads fields from a JSON object with type checks, collecting every problem with its path instead
 * of stopping at the first. Values are never quoted back in messages (they may be secrets).
 */
final class JsonFields {
  private final List<FieldProblem> problems = new ArrayList<>();

  List<FieldProblem> problems() {
    return problems;
  }

  void problem(String path, String message, String hint) {
    problems.add(new FieldProblem(path, message, hint));
  }

  /** The object at {@code path}, or null (with a problem when present but not an object). */
  ObjectNode object(JsonNode parent, String name, String path, Set<String> allowed) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      problem(path, "must be an object", null);
      return null;
    }
    checkKnown((ObjectNode) node, path, allowed);
    return (ObjectNode) node;
  }

  void checkKnown(ObjectNode object, String path, Set<String> allowed) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        problem(
            join(path, name),
            "is not a known field",
            "known fields here: " + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
  }

  String string(JsonNode parent, String name, String path, int maxLength) {
    JsonNode node = parent == null ? null : parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      problem(path, "must be a string", null);
      return null;
    }
    String value = node.asText();
    if (value.length() > maxLength) {
      problem(path, "must be at most " + maxLength + " characters", null);
      return null;
    }
    return value;
  }

  String requiredString(JsonNode parent, String name, String path, int maxLength, String hint) {
    String value = string(parent, name, path, maxLength);
    if (value == null
        && (parent == null || parent.get(name) == null || parent.get(name).isNull())) {
      problem(path, "is required", hint);
    } else if (value != null && value.isBlank()) {
      problem(path, "must not be blank", hint);
      return null;
    }
    return value;
  }

  Boolean bool(JsonNode parent, String name, String path) {
    JsonNode node = parent == null ? null : parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      problem(path, "must be true or false", null);
      return null;
    }
    return node.asBoolean();
  }

  Integer integer(JsonNode parent, String name, String path, int min, int max) {
    JsonNode node = parent == null ? null : parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      problem(path, "must be a whole number", null);
      return null;
    }
    int value = node.asInt();
    if (value < min || value > max) {
      problem(path, "must be between " + min + " and " + max, null);
      return null;
    }
    return value;
  }

  <E extends Enum<E>> E enumValue(JsonNode parent, String name, String path, Class<E> type) {
    JsonNode node = parent == null ? null : parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    String allowed = String.join(", ", names(type));
    if (!node.isTextual()) {
      problem(path, "must be one of " + allowed, null);
      return null;
    }
    try {
      return Enum.valueOf(type, node.asText().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problem(path, "must be one of " + allowed, null);
      return null;
    }
  }

  List<String> strings(JsonNode parent, String name, String path, int maxItems, int maxLength) {
    JsonNode node = parent == null ? null : parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      problem(path, "must be an array of strings", null);
      return null;
    }
    if (node.size() > maxItems) {
      problem(path, "must have at most " + maxItems + " items", null);
      return null;
    }
    Set<String> values = new LinkedHashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isTextual()) {
        problem(path + "[" + i + "]", "must be a string", null);
      } else if (item.asText().length() > maxLength) {
        problem(path + "[" + i + "]", "must be at most " + maxLength + " characters", null);
      } else {
        values.add(item.asText());
      }
    }
    return List.copyOf(values);
  }

  static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static <E extends Enum<E>> List<String> names(Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name());
    }
    return names;
  }
}
