package io.portolan.pusher.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portolan.oci.Digest;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.RegistryCredential;
import io.portolan.oci.TlsMode;
import io.portolan.pusher.chart.ChartArchive;
import io.portolan.pusher.chart.ChartLimits;
import io.portolan.pusher.chart.ChartRejected;
import io.portolan.pusher.chart.HelmArtifact;
import io.portolan.testkit.RegistryAuth;
import io.portolan.testkit.RegistryServer;
import io.portolan.testkit.Requirements;
import io.portolan.testkit.TestCharts;
import io.portolan.testkit.TestKit;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every chart archive of the test corpus, pushed to a real registry and read back with {@code
 * skopeo}, a tool that is not ours: the manifest and config it reads are byte for byte the ones
 * computed locally (so their digests are equal), or the archive is refused with the rule it broke.
 */
class CorpusPushIT {
  private static final Set<String> BAD =
      Set.of("corrupted-compressed-chart.tgz", "empty-0.0.1.tgz");
  private static final Instant CREATED = Instant.parse("2026-11-21T10:00:00Z");

  private static byte[] skopeo(RegistryServer registry, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Requirements.program("skopeo", "skopeo").toString());
    command.add("inspect");
    command.addAll(registry.skopeoArgs(""));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("skopeo " + String.join(" ", args)).isZero();
    return out.toByteArray();
  }

  @Test
  void everyGoodChartReadsBackIdenticallyWithSkopeoAndEveryBadOneIsRefused() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.HTPASSWD);
    RegistryClient client =
        RegistryClient.builder(registry.host())
            .tls(TlsMode.INSECURE, null)
            .credential(
                RegistryCredential.basic(registry.admin().username(), registry.admin().password()))
            .build();
    String namespace = TestKit.uniqueName(CorpusPushIT.class);
    int pushed = 0;
    for (Path file : TestCharts.all()) {
      String name = file.getFileName().toString();
      if (!name.endsWith(".tgz")) {
        continue;
      }
      byte[] tgz = Files.readAllBytes(file);
      if (BAD.contains(name)) {
        assertThatThrownBy(() -> ChartArchive.read(tgz, ChartLimits.DEFAULT))
            .as(name)
            .isInstanceOf(ChartRejected.class)
            .satisfies(e -> assertThat(((ChartRejected) e).rule()).isNotBlank());
        continue;
      }
      Path prov = file.resolveSibling(name + ".prov");
      byte[] provenance = Files.exists(prov) ? Files.readAllBytes(prov) : null;
      HelmArtifact artifact =
          HelmArtifact.of(ChartArchive.read(tgz, ChartLimits.DEFAULT), provenance, CREATED);
      // one repository per archive: three archives in the corpus are frobnitz 1.2.3
      String repository =
          namespace + "/" + name.replace(".tgz", "").toLowerCase().replaceAll("[^a-z0-9]+", "-");

      ChartPusher.push(client, repository, artifact, null);

      String ref = "docker://" + registry.host() + "/" + repository + ":" + artifact.tag();
      byte[] manifest = skopeo(registry, "--raw", ref);
      byte[] config = skopeo(registry, "--config", "--raw", ref);
      assertThat(manifest).as(name + " manifest").isEqualTo(artifact.manifest());
      assertThat(Digest.sha256(manifest)).isEqualTo(artifact.manifestDigest());
      assertThat(config).as(name + " config").isEqualTo(artifact.config());
      assertThat(artifact.layers()).hasSize(provenance == null ? 1 : 2);
      pushed++;
    }
    assertThat(pushed)
        .isEqualTo(
            TestCharts.all().stream().filter(p -> p.toString().endsWith(".tgz")).count()
                - BAD.size());
  }

  @Test
  void pushingTheSameChartAgainUploadsNothing() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.ANONYMOUS);
    RegistryClient client =
        RegistryClient.builder(registry.host()).tls(TlsMode.INSECURE, null).build();
    HelmArtifact artifact =
        HelmArtifact.of(
            ChartArchive.read(TestCharts.bytes("signtest-0.1.0.tgz"), ChartLimits.DEFAULT),
            TestCharts.bytes("signtest-0.1.0.tgz.prov"),
            CREATED);
    String repository = TestKit.uniqueName(CorpusPushIT.class) + "/again/signtest";
    ChartPusher.Outcome first = ChartPusher.push(client, repository, artifact, null);
    var before = client.stats().snapshot();

    ChartPusher.Outcome second = ChartPusher.push(client, repository, artifact, null);

    assertThat(first.uploaded()).hasSize(3); // config, chart, provenance
    assertThat(second.alreadyTagged()).isTrue();
    var spent = client.stats().snapshot().minus(before);
    assertThat(spent.bytesSent()).isZero();
    assertThat(spent.requests()).isEqualTo(1); // one HEAD of the tag
  }
}
