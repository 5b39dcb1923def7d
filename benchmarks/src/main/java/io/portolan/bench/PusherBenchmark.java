package io.portolan.bench;

import io.portolan.oci.RegistryClient;
import io.portolan.oci.RequestStats;
import io.portolan.oci.TlsMode;
import io.portolan.pusher.chart.ChartArchive;
import io.portolan.pusher.chart.ChartLimits;
import io.portolan.pusher.chart.HelmArtifact;
import io.portolan.pusher.push.ChartPusher;
import io.portolan.testkit.RegistryAuth;
import io.portolan.testkit.RegistryServer;
import io.portolan.testkit.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Pushing N chart packages to a local {@code docker-registry}: helm-pusher's push engine (validate,
 * build the helm artifact, HEAD, upload what is missing, PUT the manifest) beside {@code skopeo
 * copy} of the same artifacts from an OCI image layout, in the same run, into separate
 * repositories; then a second push of the same charts, which must upload nothing.
 */
final class PusherBenchmark {
  private final int charts;
  private final Random random = new Random(7);

  PusherBenchmark(List<String> options) {
    this.charts = Bench.option(options, "--charts", 100);
  }

  void run() throws Exception {
    Path dir = Path.of("benchmarks/target/bench-pusher").toAbsolutePath();
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    Path skopeo = Requirements.program("skopeo", "skopeo");
    List<HelmArtifact> artifacts = new ArrayList<>();
    Instant created = Instant.parse("2026-11-21T00:00:00Z");
    for (int i = 0; i < charts; i++) {
      String name = String.format("chart-%03d", i);
      byte[] filler = new byte[15_000];
      random.nextBytes(filler);
      byte[] tgz =
          BenchCharts.tgz(
              Map.of(
                  name + "/Chart.yaml",
                  "apiVersion: v2\nname: " + name + "\nversion: 1.0.0\ndescription: bench\n",
                  name + "/templates/configmap.yaml",
                  "apiVersion: v1\nkind: ConfigMap\ndata:\n  blob: "
                      + Base64.getEncoder().encodeToString(filler)
                      + "\n"));
      artifacts.add(HelmArtifact.of(ChartArchive.read(tgz, ChartLimits.DEFAULT), null, created));
    }
    // the same artifacts as an OCI image layout, for skopeo
    Path layout = dir.resolve("layout");
    writeLayout(layout, artifacts);
    System.out.printf(
        "Pusher benchmark: %d charts (~20 KiB each) to a local docker-registry%n", charts);
    try (RegistryServer registry =
        RegistryServer.start(RegistryAuth.ANONYMOUS, dir.resolve("registry"))) {
      RegistryClient client =
          RegistryClient.builder(registry.host()).tls(TlsMode.INSECURE, null).build();
      client.ping(); // settle the scheme before timing

      long start = System.nanoTime();
      for (HelmArtifact a : artifacts) {
        ChartPusher.push(client, "pusher/" + a.name(), a, null);
      }
      double pusherSeconds = (System.nanoTime() - start) / 1e9;
      RequestStats.Snapshot afterFirst = client.stats().snapshot();

      start = System.nanoTime();
      for (HelmArtifact a : artifacts) {
        Process p =
            new ProcessBuilder(
                    skopeo.toString(),
                    "copy",
                    "--quiet",
                    "--dest-tls-verify=false",
                    "oci:" + layout + ":" + a.name(),
                    "docker://" + registry.host() + "/skopeo/" + a.name() + ":" + a.tag())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new IllegalStateException("skopeo copy failed: " + out);
        }
      }
      double skopeoSeconds = (System.nanoTime() - start) / 1e9;

      RequestStats.Snapshot beforeSecond = client.stats().snapshot();
      start = System.nanoTime();
      int unchanged = 0;
      for (HelmArtifact a : artifacts) {
        if (ChartPusher.push(client, "pusher/" + a.name(), a, null).alreadyTagged()) {
          unchanged++;
        }
      }
      double secondSeconds = (System.nanoTime() - start) / 1e9;
      RequestStats.Snapshot second = client.stats().snapshot().minus(beforeSecond);

      System.out.printf(
          "helm-pusher, first push   %7.2f s  %5d requests  %8.1f KiB sent%n",
          pusherSeconds, afterFirst.requests(), afterFirst.bytesSent() / 1024.0);
      System.out.printf(
          "skopeo copy (OCI layout)  %7.2f s  (one process per chart)%n", skopeoSeconds);
      System.out.printf("  ratio skopeo / helm-pusher: %.1fx%n", skopeoSeconds / pusherSeconds);
      System.out.printf(
          "helm-pusher, second push  %7.2f s  %5d requests  %8.1f KiB sent  (%d of %d unchanged)%n",
          secondSeconds, second.requests(), second.bytesSent() / 1024.0, unchanged, charts);
    }
  }

  /** An OCI image layout holding every artifact, each tagged with its chart name. */
  private static void writeLayout(Path layout, List<HelmArtifact> artifacts) throws Exception {
    Path blobs = layout.resolve("blobs/sha256");
    Files.createDirectories(blobs);
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    StringBuilder index = new StringBuilder("{\"schemaVersion\":2,\"manifests\":[");
    boolean first = true;
    for (HelmArtifact a : artifacts) {
      Files.write(blobs.resolve(a.configDescriptor().digest().hex()), a.config());
      for (HelmArtifact.Layer l : a.layers()) {
        Files.write(blobs.resolve(l.descriptor().digest().hex()), l.content());
      }
      Files.write(blobs.resolve(a.manifestDigest().hex()), a.manifest());
      if (!first) {
        index.append(',');
      }
      first = false;
      index
          .append("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"")
          .append(a.manifestDigest())
          .append("\",\"size\":")
          .append(a.manifest().length)
          .append(",\"annotations\":{\"org.opencontainers.image.ref.name\":\"")
          .append(a.name())
          .append("\"}}");
    }
    index.append("]}");
    Files.writeString(layout.resolve("index.json"), index.toString());
  }
}
