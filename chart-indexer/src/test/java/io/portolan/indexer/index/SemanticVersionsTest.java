package io.portolan.indexer.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemanticVersionsTest {
  @Test
  void readsUnderscoreAsPlusAndKeepsOnlyStrictSemver() {
    assertThat(SemanticVersions.versionOfTag("1.2.3")).isEqualTo("1.2.3");
    assertThat(SemanticVersions.versionOfTag("1.2.3_build.7")).isEqualTo("1.2.3+build.7");
    assertThat(SemanticVersions.versionOfTag("0.1.0-alpha")).isEqualTo("0.1.0-alpha");
    assertThat(SemanticVersions.versionOfTag("latest")).isNull();
    assertThat(SemanticVersions.versionOfTag("v1.2.3")).isNull();
    assertThat(SemanticVersions.versionOfTag("1.2")).isNull();
    assertThat(SemanticVersions.versionOfTag("01.2.3")).isNull();
    assertThat(SemanticVersions.versionOfTag("1.2.3-01")).isNull(); // numeric ids: no leading zero
  }

  @Test
  void ordersBySemverPrecedenceNewestFirst() {
    List<String> versions =
        new ArrayList<>(
            List.of(
                "1.0.0-alpha",
                "1.0.0",
                "1.0.0-rc.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta.11",
                "1.0.0-beta.2",
                "1.0.0-alpha.1",
                "1.0.0-beta",
                "10.0.0",
                "2.0.0"));
    versions.sort(SemanticVersions.NEWEST_FIRST);
    assertThat(versions)
        .containsExactly(
            "10.0.0",
            "2.0.0",
            "1.0.0",
            "1.0.0-rc.1",
            "1.0.0-beta.11",
            "1.0.0-beta.2",
            "1.0.0-beta",
            "1.0.0-alpha.beta",
            "1.0.0-alpha.1",
            "1.0.0-alpha");
  }
}
