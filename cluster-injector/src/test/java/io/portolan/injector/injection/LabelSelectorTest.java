package io.portolan.injector.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portolan.injector.cluster.NamespaceInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
  private static final Map<String, String> PROD_A = Map.of("team", "a", "env", "prod");
  private static final Map<String, String> DEV_B = Map.of("team", "b", "env", "dev", "legacy", "");

  @Test
  void matchesEachRequirementKindAsKubectlDoes() {
    assertThat(LabelSelector.parse("").matches(PROD_A)).isTrue();
    assertThat(LabelSelector.parse("team=a").matches(PROD_A)).isTrue();
    assertThat(LabelSelector.parse("team==a").matches(DEV_B)).isFalse();
    assertThat(LabelSelector.parse("team!=a").matches(DEV_B)).isTrue();
    assertThat(LabelSelector.parse("team!=a").matches(Map.of())).isTrue();
    assertThat(LabelSelector.parse("env in (prod, staging)").matches(PROD_A)).isTrue();
    assertThat(LabelSelector.parse("env in (prod,staging)").matches(DEV_B)).isFalse();
    assertThat(LabelSelector.parse("env notin (prod)").matches(DEV_B)).isTrue();
    assertThat(LabelSelector.parse("legacy").matches(DEV_B)).isTrue();
    assertThat(LabelSelector.parse("!legacy").matches(DEV_B)).isFalse();
    assertThat(LabelSelector.parse("team=a,env in (prod),!legacy").matches(PROD_A)).isTrue();
    assertThat(LabelSelector.parse("team=a,env in (dev)").matches(PROD_A)).isFalse();
    assertThat(
            LabelSelector.parse("portolan.io/inject=true")
                .matches(Map.of("portolan.io/inject", "true")))
        .isTrue();
  }

  @Test
  void aBadSelectorIsRejectedNamingThePartThatIsWrong() {
    assertThatThrownBy(() -> LabelSelector.parse("team=a,,env=b"))
        .hasMessageContaining("empty requirement");
    assertThatThrownBy(() -> LabelSelector.parse("env in prod"))
        .hasMessageContaining("[env in prod]")
        .hasMessageContaining("parentheses");
    assertThatThrownBy(() -> LabelSelector.parse("te am=a")).hasMessageContaining("[te am]");
    assertThatThrownBy(() -> LabelSelector.parse("team=a b")).hasMessageContaining("[a b]");
  }

  @Test
  void theNamespaceSelectorCombinesLabelsAndNameGlobs() {
    List<NamespaceInfo> namespaces =
        List.of(
            new NamespaceInfo("kube-system", Map.of()),
            new NamespaceInfo("team-a", PROD_A),
            new NamespaceInfo("team-b", DEV_B),
            new NamespaceInfo("team-a-sandbox", PROD_A),
            new NamespaceInfo("ops", Map.of("env", "prod")));

    assertThat(NamespaceSelector.excluding(NamespaceSelector.DEFAULT_EXCLUDED).select(namespaces))
        .containsExactly("ops", "team-a", "team-a-sandbox", "team-b");
    assertThat(
            new NamespaceSelector(
                    LabelSelector.parse("env=prod"),
                    LabelSelector.parse(""),
                    List.of("team-*"),
                    List.of("*-sandbox"))
                .select(namespaces))
        .containsExactly("team-a");
    assertThat(
            new NamespaceSelector(
                    LabelSelector.parse(""),
                    LabelSelector.parse("legacy"),
                    List.of(),
                    List.of("kube-*"))
                .select(namespaces))
        .containsExactly("ops", "team-a", "team-a-sandbox");
    assertThat(
            new NamespaceSelector(LabelSelector.parse(""), null, List.of("team-?"), List.of())
                .select(namespaces))
        .containsExactly("team-a", "team-b");
  }
}
