package io.portolan.catalog.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * JSON Merge Patch (RFC 7386) onto a registry document. Secret fields set to {@code null} in the
 * patch are kept as explicit nulls (they mean "remove the stored secret"), unlike other fields,
 * which a {@code null} removes from the document.
 */
public final class MergePatch {
  private static final Set<String> SECRET_PATHS =
      Set.of(
          "credentials.password",
          "credentials.accessKeyId",
          "credentials.secretAccessKey",
          "credentials.serviceAccountKey",
          "connection.proxy.password",
          "connection.ssh.privateKey",
          "connection.ssh.password");

  private MergePatch() {}

  public static ObjectNode apply(ObjectNode target, JsonNode patch) {
    merge(target, patch, "");
    return target;
  }

  private static void merge(ObjectNode target, JsonNode patch, String path) {
    if (!patch.isObject()) {
      return;
    }
    List<String> names = new ArrayList<>();
    patch.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode value = patch.get(name);
      String childPath = path.isEmpty() ? name : path + "." + name;
      if (value.isNull()) {
        if (SECRET_PATHS.contains(childPath)) {
          target.putNull(name);
        } else {
          target.remove(name);
        }
      } else if (value.isObject()) {
        JsonNode existing = target.get(name);
        ObjectNode child =
            existing != null && existing.isObject()
                ? (ObjectNode) existing
                : target.putObject(name);
        merge(child, value, childPath);
      } else {
        target.set(name, value.deepCopy());
      }
    }
  }
}
