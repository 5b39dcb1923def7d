package io.portolan.catalog.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.portolan.events.EventJson;
import io.portolan.events.RegistrySnapshot;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** The field paths in which two snapshots differ, for the audit log (snapshots hold no secrets). */
final class RegistryDiff {
  private RegistryDiff() {}

  static List<String> changedPaths(RegistrySnapshot before, RegistrySnapshot after) {
    JsonNode a = EventJson.mapper().valueToTree(before);
    JsonNode b = EventJson.mapper().valueToTree(after);
    List<String> paths = new ArrayList<>();
    diff(a, b, "", paths);
    return paths;
  }

  private static void diff(JsonNode a, JsonNode b, String path, List<String> out) {
    if (a != null && b != null && a.isObject() && b.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      for (String name : names) {
        diff(a.get(name), b.get(name), path.isEmpty() ? name : path + "." + name, out);
      }
    } else if (a == null ? b != null : !a.equals(b)) {
      out.add(path);
    }
  }
}
