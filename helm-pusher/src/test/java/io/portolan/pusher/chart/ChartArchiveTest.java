package io.portolan.pusher.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portolan.testkit.TestCharts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChartArchiveTest {
  static List<Path> goodCharts() {
    return TestCharts.all().stream()
        .filter(p -> !p.getFileName().toString().equals("corrupted-compressed-chart.tgz"))
        .filter(p -> !p.getFileName().toString().equals("empty-0.0.1.tgz"))
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodCharts")
  void readsEveryChartOfHelmsCorpus(Path file) throws Exception {
    ChartArchive chart =
        ChartArchive.read(java.nio.file.Files.readAllBytes(file), ChartLimits.DEFAULT);

    assertThat(chart.metadata().name()).isNotEmpty();
    assertThat(chart.metadata().version()).matches(ChartArchive.SEMVER);
    assertThat(chart.metadata().apiVersion()).isIn("v1", "v2");
  }

  @Test
  void refusesTheCorpusBadArchivesNamingTheRule() {
    assertThatThrownBy(
            () ->
                ChartArchive.read(
                    TestCharts.bytes("corrupted-compressed-chart.tgz"), ChartLimits.DEFAULT))
        .isInstanceOf(ChartRejected.class)
        .satisfies(e -> assertThat(((ChartRejected) e).rule()).isEqualTo("not-gzip"));
    assertThatThrownBy(
            () -> ChartArchive.read(TestCharts.bytes("empty-0.0.1.tgz"), ChartLimits.DEFAULT))
        .isInstanceOf(ChartRejected.class)
        .satisfies(e -> assertThat(((ChartRejected) e).rule()).isEqualTo("chart-yaml-missing"));
  }

  @Test
  void readsHelmsQuirksLikeHelmDoes() throws Exception {
    ChartArchive bom =
        ChartArchive.read(TestCharts.bytes("frobnitz_with_bom.tgz"), ChartLimits.DEFAULT);
    ChartArchive noApiVersion =
        ChartArchive.read(
            TestCharts.bytes("pre-release-chart-0.1.0-alpha.tgz"), ChartLimits.DEFAULT);
    ChartArchive v1Requirements =
        ChartArchive.read(TestCharts.bytes("frobnitz.v1.tgz"), ChartLimits.DEFAULT);
    ChartArchive backslash =
        ChartArchive.read(TestCharts.bytes("frobnitz_backslash-1.2.3.tgz"), ChartLimits.DEFAULT);

    assertThat(bom.metadata().name()).isEqualTo("frobnitz");
    assertThat(noApiVersion.metadata().apiVersion()).isEqualTo("v1");
    assertThat(noApiVersion.metadata().version()).isEqualTo("0.1.0-alpha");
    assertThat(v1Requirements.metadata().dependencies()).isNotEmpty();
    assertThat(backslash.metadata().name()).isEqualTo("frobnitz_backslash");
  }

  // --- one test per rule, with archives built here ---

  private static byte[] tgz(Entry... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry entry;
        if (e.linkTarget != null) {
          entry = new TarArchiveEntry(e.name, TarArchiveEntry.LF_SYMLINK);
          entry.setLinkName(e.linkTarget);
          tar.putArchiveEntry(entry);
        } else {
          entry = new TarArchiveEntry(e.name);
          entry.setSize(e.content.length);
          tar.putArchiveEntry(entry);
          tar.write(e.content);
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private record Entry(String name, byte[] content, String linkTarget) {
    static Entry file(String name, String content) {
      return new Entry(name, content.getBytes(StandardCharsets.UTF_8), null);
    }

    static Entry link(String name, String target) {
      return new Entry(name, new byte[0], target);
    }
  }

  private static Entry chartYaml(String yaml) {
    return Entry.file("demo/Chart.yaml", yaml);
  }

  private static final Entry GOOD = chartYaml("apiVersion: v2\nname: demo\nversion: 1.0.0\n");

  private static String rule(byte[] archive) {
    return rule(archive, ChartLimits.DEFAULT);
  }

  private static String rule(byte[] archive, ChartLimits limits) {
    try {
      ChartArchive.read(archive, limits);
      return "accepted";
    } catch (ChartRejected e) {
      assertThat(e.getMessage()).isNotBlank();
      return e.rule();
    }
  }

  @Test
  void thePackagingTimeIsTheNewestFileTimeAndAbsentWhenTheArchiveCarriesNone() throws Exception {
    ChartArchive stamped =
        ChartArchive.read(TestCharts.bytes("frobnitz-1.2.3.tgz"), ChartLimits.DEFAULT);
    ChartArchive reproducible =
        ChartArchive.read(TestCharts.bytes("hashtest-1.2.3.tgz"), ChartLimits.DEFAULT);

    assertThat(stamped.packagedAt()).contains(java.time.Instant.parse("2019-03-21T23:26:42Z"));
    assertThat(reproducible.packagedAt()).as("every entry at the epoch").isEmpty();
  }

  @Test
  void acceptsAMinimalChart() throws Exception {
    assertThat(rule(tgz(GOOD, Entry.file("demo/values.yaml", "a: 1\n")))).isEqualTo("accepted");
  }

  @Test
  void refusesArchivesLargerThanTheCompressedLimit() throws Exception {
    assertThat(rule(tgz(GOOD), new ChartLimits(20, 1 << 20, 100))).isEqualTo("too-large");
  }

  @Test
  void refusesGzipBombsByTheUncompressedLimit() throws Exception {
    byte[] zeros = new byte[2 << 20];
    byte[] bomb = tgz(GOOD, new Entry("demo/big.bin", zeros, null));
    assertThat(bomb.length).isLessThan(10_000);
    assertThat(rule(bomb, new ChartLimits(1 << 20, 1 << 20, 100)))
        .isEqualTo("uncompressed-too-large");
  }

  @Test
  void refusesTooManyEntries() throws Exception {
    Entry[] many = new Entry[12];
    many[0] = GOOD;
    for (int i = 1; i < many.length; i++) {
      many[i] = Entry.file("demo/templates/t" + i + ".yaml", "x");
    }
    assertThat(rule(tgz(many), new ChartLimits(1 << 20, 1 << 20, 10)))
        .isEqualTo("too-many-entries");
  }

  @Test
  void refusesAbsolutePathsParentPathsAndEscapingLinks() throws Exception {
    assertThat(rule(tgz(GOOD, Entry.file("demo//etc/passwd", "x")))).isEqualTo("absolute-path");
    assertThat(rule(tgz(GOOD, Entry.file("demo/../../evil", "x")))).isEqualTo("parent-path");
    assertThat(rule(tgz(GOOD, Entry.link("demo/templates/l", "../../../etc/passwd"))))
        .isEqualTo("link-escapes");
    assertThat(rule(tgz(GOOD, Entry.link("demo/templates/l", "/etc/passwd"))))
        .isEqualTo("link-escapes");
    assertThat(rule(tgz(GOOD, Entry.link("demo/templates/l", "../values.yaml"))))
        .isEqualTo("accepted");
  }

  @Test
  void refusesAChartYamlOutsideTheChartFolder() throws Exception {
    assertThat(rule(tgz(Entry.file("Chart.yaml", "name: demo\nversion: 1.0.0\n"))))
        .isEqualTo("chart-yaml-misplaced");
  }

  @Test
  void refusesAnArchiveWithoutChartYaml() throws Exception {
    assertThat(rule(tgz(Entry.file("demo/values.yaml", "a: 1")))).isEqualTo("chart-yaml-missing");
  }

  @Test
  void refusesABrokenChartYaml() throws Exception {
    assertThat(rule(tgz(chartYaml("name: [unclosed\n")))).isEqualTo("chart-yaml-invalid");
    assertThat(rule(tgz(chartYaml("name: demo\nversion: 1.0\n")))).isEqualTo("chart-yaml-invalid");
    assertThat(rule(tgz(chartYaml("- a list\n")))).isEqualTo("chart-yaml-invalid");
  }

  @Test
  void refusesUnknownApiVersions() throws Exception {
    assertThat(rule(tgz(chartYaml("apiVersion: v3\nname: demo\nversion: 1.0.0\n"))))
        .isEqualTo("api-version");
  }

  @Test
  void refusesNamesThatAreNotOciRepositoryNames() throws Exception {
    assertThat(rule(tgz(chartYaml("apiVersion: v2\nversion: 1.0.0\n")))).isEqualTo("name-missing");
    assertThat(rule(tgz(chartYaml("apiVersion: v2\nname: Demo\nversion: 1.0.0\n"))))
        .isEqualTo("name-invalid");
    assertThat(rule(tgz(chartYaml("apiVersion: v2\nname: demo--\nversion: 1.0.0\n"))))
        .isEqualTo("name-invalid");
  }

  @Test
  void refusesVersionsThatAreNotStrictSemver() throws Exception {
    assertThat(rule(tgz(chartYaml("apiVersion: v2\nname: demo\n")))).isEqualTo("version-missing");
    assertThat(rule(tgz(chartYaml("apiVersion: v2\nname: demo\nversion: v1.0.0\n"))))
        .isEqualTo("version-invalid");
    assertThat(rule(tgz(chartYaml("apiVersion: v2\nname: demo\nversion: \"1.0\"\n"))))
        .isEqualTo("version-invalid");
    assertThat(rule(tgz(chartYaml("apiVersion: v2\nname: demo\nversion: 1.0.0+build.1\n"))))
        .isEqualTo("accepted");
  }

  @Test
  void refusesUnknownChartTypes() throws Exception {
    assertThat(rule(tgz(chartYaml("apiVersion: v2\nname: demo\nversion: 1.0.0\ntype: plugin\n"))))
        .isEqualTo("type-invalid");
  }

  @Test
  void refusesSomethingThatIsGzipButNotTar() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(
          "just text, not a tar archive, long enough to fill a header block? no"
              .repeat(10)
              .getBytes(StandardCharsets.UTF_8));
    }
    assertThat(rule(bytes.toByteArray())).isIn("not-tar", "chart-yaml-missing");
  }

  @Test
  void sanitizesTextFieldsAsHelmDoes() throws Exception {
    ChartArchive chart =
        ChartArchive.read(
            tgz(
                chartYaml(
                    "apiVersion: v2\nname: demo\nversion: 1.0.0\ndescription: \"line one\\nline\\ttwo\\u200b\"\n")),
            ChartLimits.DEFAULT);
    assertThat(chart.metadata().description()).isEqualTo("line one line two");
  }
}
