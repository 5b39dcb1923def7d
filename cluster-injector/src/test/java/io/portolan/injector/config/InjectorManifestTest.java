package io.portolan.injector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped manifest ({@code compose/kubernetes/injector.yaml}) grants every call the injector
 * makes; an injector missing one would fail with 403 in the field.
 */
class InjectorManifestTest {
  private static List<Map<String, Object>> documents() throws Exception {
    Path manifest = Path.of("..", "compose", "kubernetes", "injector.yaml");
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(manifest)) {
      for (Object doc : new Yaml().loadAll(reader)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) doc;
        docs.add(map);
      }
    }
    return docs;
  }

  @SuppressWarnings("unchecked")
  private static List<String> verbs(Map<String, Object> role, String resource) {
    List<String> verbs = new ArrayList<>();
    for (Map<String, Object> rule : (List<Map<String, Object>>) role.get("rules")) {
      if (((List<String>) rule.get("resources")).contains(resource)) {
        verbs.addAll((List<String>) rule.get("verbs"));
      }
    }
    return verbs;
  }

  private static Map<String, Object> find(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow();
  }

  @Test
  void grantsEveryCallTheInjectorMakes() throws Exception {
    List<Map<String, Object>> docs = documents();
    Map<String, Object> clusterRole = find(docs, "ClusterRole");
    assertThat(verbs(clusterRole, "namespaces")).contains("list", "watch");
    assertThat(verbs(clusterRole, "secrets")).contains("get", "list", "create", "update", "delete");
    assertThat(verbs(clusterRole, "serviceaccounts")).contains("list", "patch");
    Map<String, Object> role = find(docs, "Role");
    assertThat(verbs(role, "leases")).contains("get", "create", "update");
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = (Map<String, Object>) role.get("metadata");
    assertThat(meta.get("namespace")).isEqualTo("portolan");
  }
}
