package io.portolan.pusher.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.portolan.oci.MediaTypes;
import io.portolan.testkit.TestCharts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Byte-for-byte parity with {@code helm push}, against Helm's own golden vectors. */
class HelmArtifactTest {

  @Test
  void buildsTheManifestHelmBuildsForSigntestWithProvenance() throws Exception {
    // helm/helm pkg/registry/utils_test.go: testPush / testPull with testingChartCreationTime
    ChartArchive chart =
        ChartArchive.read(TestCharts.bytes("signtest-0.1.0.tgz"), ChartLimits.DEFAULT);
    byte[] prov = TestCharts.bytes("signtest-0.1.0.tgz.prov");

    HelmArtifact artifact = HelmArtifact.of(chart, prov, Instant.parse("1977-09-02T22:04:05Z"));

    assertThat(new String(artifact.config(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"name\":\"signtest\",\"version\":\"0.1.0\",\"description\":\"A Helm chart for"
                + " Kubernetes\",\"apiVersion\":\"v1\"}");
    assertThat(artifact.configDescriptor().digest().toString())
        .isEqualTo("sha256:8d17cb6bf6ccd8c29aace9a658495cbd5e2e87fc267876e86117c7db681c9580");
    assertThat(artifact.configDescriptor().size()).isEqualTo(99);
    assertThat(new String(artifact.manifest(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.cncf.helm.config.v1+json\","
                + "\"digest\":\"sha256:8d17cb6bf6ccd8c29aace9a658495cbd5e2e87fc267876e86117c7db681c9580\","
                + "\"size\":99},\"layers\":[{\"mediaType\":\"application/vnd.cncf.helm.chart.provenance.v1.prov\","
                + "\"digest\":\"sha256:b0a02b7412f78ae93324d48df8fcc316d8482e5ad7827b5b238657a29a22f256\","
                + "\"size\":695},{\"mediaType\":\"application/vnd.cncf.helm.chart.content.v1.tar+gzip\","
                + "\"digest\":\"sha256:e5ef611620fb97704d8751c16bab17fedb68883bfb0edc76f78a70e9173f9b55\","
                + "\"size\":973}],\"annotations\":{\"org.opencontainers.image.created\":\"1977-09-02T22:04:05Z\","
                + "\"org.opencontainers.image.description\":\"A Helm chart for Kubernetes\","
                + "\"org.opencontainers.image.title\":\"signtest\",\"org.opencontainers.image.version\":\"0.1.0\"}}");
    assertThat(artifact.manifestDigest().toString())
        .isEqualTo("sha256:fbbade96da6050f68f94f122881e3b80051a18f13ab5f4081868dd494538f5c2");
    assertThat(artifact.manifest()).hasSize(742);
    assertThat(artifact.layers())
        .extracting(l -> l.descriptor().mediaType())
        .containsExactly(MediaTypes.HELM_PROVENANCE, MediaTypes.HELM_CHART);
  }

  @Test
  void writesPlusAsUnderscoreInTheTag() {
    assertThat(HelmArtifact.tagOf("1.2.3+build.7")).isEqualTo("1.2.3_build.7");
    assertThat(HelmArtifact.tagOf("0.1.0-alpha")).isEqualTo("0.1.0-alpha");
  }

  @Test
  void escapesJsonAsGoDoesAndWritesFieldsInHelmsOrder() throws Exception {
    ChartMetadata m =
        new ChartMetadata(
            "frob",
            "https://example.com/?a=1&b=<2>",
            java.util.List.of("https://git.example/frob"),
            "1.2.3",
            "Café & \"quotes\"",
            java.util.List.of("k1"),
            java.util.List.of(new ChartMetadata.Maintainer("Ann", "ann@example.com", "")),
            "",
            "v2",
            "",
            "",
            "1.0",
            true,
            java.util.Map.of("z", "last", "a", "first"),
            ">=1.20.0",
            java.util.List.of(
                new ChartMetadata.Dependency(
                    "dep",
                    "",
                    "",
                    "",
                    java.util.List.of(),
                    false,
                    java.util.List.of(),
                    java.util.List.of(),
                    "")),
            "application");

    String json = new String(HelmArtifact.config(m), StandardCharsets.UTF_8);

    assertThat(json)
        .isEqualTo(
            "{\"name\":\"frob\",\"home\":\"https://example.com/?a=1\\u0026b=\\u003c2\\u003e\","
                + "\"sources\":[\"https://git.example/frob\"],\"version\":\"1.2.3\","
                + "\"description\":\"Café \\u0026 \\\"quotes\\\"\",\"keywords\":[\"k1\"],"
                + "\"maintainers\":[{\"name\":\"Ann\",\"email\":\"ann@example.com\"}],"
                + "\"apiVersion\":\"v2\",\"appVersion\":\"1.0\",\"deprecated\":true,"
                + "\"annotations\":{\"a\":\"first\",\"z\":\"last\"},\"kubeVersion\":\"\\u003e=1.20.0\","
                + "\"dependencies\":[{\"name\":\"dep\",\"repository\":\"\"}],\"type\":\"application\"}");
  }

  @Test
  void copiesChartAnnotationsButNeverOverTitleOrVersion() {
    ChartMetadata m =
        new ChartMetadata(
            "frob",
            "",
            java.util.List.of(),
            "1.2.3",
            "",
            java.util.List.of(),
            java.util.List.of(),
            "",
            "v2",
            "",
            "",
            "",
            false,
            java.util.Map.of(
                "org.opencontainers.image.title", "spoofed",
                "org.opencontainers.image.version", "9.9.9",
                "category", "Database"),
            "",
            java.util.List.of(),
            "");

    var annotations = HelmArtifact.annotations(m, Instant.parse("2026-11-20T10:00:00.123Z"));

    assertThat(annotations)
        .containsEntry("org.opencontainers.image.title", "frob")
        .containsEntry("org.opencontainers.image.version", "1.2.3")
        .containsEntry("category", "Database")
        .containsEntry("org.opencontainers.image.created", "2026-11-20T10:00:00Z")
        .doesNotContainKey("org.opencontainers.image.description");
  }
}
