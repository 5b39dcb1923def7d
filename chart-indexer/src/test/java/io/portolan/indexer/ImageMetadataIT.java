package io.portolan.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portolan.events.EventJson;
import io.portolan.events.ImagePushed;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.indexer.images.jdbc.ImageMetadataRepository;
import io.portolan.oci.BlobSource;
import io.portolan.oci.Digest;
import io.portolan.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code GET /api/v1/images/...} and the cache {@code image.pushed} fills. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageMetadataIT {
  private IndexerFixture f;

  @BeforeAll
  void start() throws Exception {
    f = new IndexerFixture(ImageMetadataIT.class);
    f.announceRegistry("reg-apps", "apps");
  }

  @AfterAll
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  /** Pushes an image whose config says how to run it; returns its manifest digest. */
  private Digest pushImage(String repository, String tag, String arch, int port) throws Exception {
    ObjectNode config = EventJson.mapper().createObjectNode();
    config.put("architecture", arch);
    config.put("os", "linux");
    ObjectNode c = config.putObject("config");
    c.putObject("ExposedPorts").putObject(port + "/tcp");
    c.putArray("Entrypoint").add("/app/server");
    c.putArray("Cmd").add("--port").add(String.valueOf(port));
    c.putArray("Env").add("PATH=/usr/bin").add("API_KEY=s3cr3t-baked-in");
    c.putObject("Labels").put("org.opencontainers.image.source", "https://example.com/web");
    c.put("WorkingDir", "/app");
    c.put("User", "65532");
    config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
    byte[] configBytes = EventJson.mapper().writeValueAsBytes(config);
    byte[] layer = ("layer " + arch).getBytes(StandardCharsets.UTF_8);
    f.client.pushBlob(repository, Digest.sha256(configBytes), BlobSource.of(configBytes), null);
    f.client.pushBlob(repository, Digest.sha256(layer), BlobSource.of(layer), null);
    ObjectNode manifest = EventJson.mapper().createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest
        .putObject("config")
        .put("mediaType", MediaTypes.OCI_IMAGE_CONFIG)
        .put("digest", Digest.sha256(configBytes).toString())
        .put("size", configBytes.length);
    manifest
        .putArray("layers")
        .addObject()
        .put("mediaType", "application/vnd.oci.image.layer.v1.tar")
        .put("digest", Digest.sha256(layer).toString())
        .put("size", layer.length);
    return f.client.pushManifest(
        repository, tag, MediaTypes.OCI_MANIFEST, EventJson.mapper().writeValueAsBytes(manifest));
  }

  @Test
  void servesPortsEntrypointCommandEnvironmentNamesAndLabelsButNoEnvironmentValue()
      throws Exception {
    Digest digest = pushImage("team/web", "1.4.2", "amd64", 8080);

    var response = f.send("/api/v1/images/apps/team/web:1.4.2");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode m = EventJson.mapper().readTree(response.body());

    assertThat(m.get("digest").asText()).isEqualTo(digest.toString());
    assertThat(m.get("exposedPorts").get(0).asText()).isEqualTo("8080/tcp");
    assertThat(m.get("entrypoint").get(0).asText()).isEqualTo("/app/server");
    assertThat(m.get("cmd").toString()).isEqualTo("[\"--port\",\"8080\"]");
    assertThat(m.get("env").toString()).isEqualTo("[\"PATH\",\"API_KEY\"]");
    assertThat(m.at("/labels/org.opencontainers.image.source").asText())
        .isEqualTo("https://example.com/web");
    assertThat(m.get("workingDir").asText()).isEqualTo("/app");
    assertThat(m.get("user").asText()).isEqualTo("65532");
    assertThat(response.body()).doesNotContain("s3cr3t");
    // by digest too
    assertThat(f.get("/api/v1/images/apps/team/web@" + digest, 200).get("digest").asText())
        .isEqualTo(digest.toString());
  }

  @Test
  void picksTheLinuxAmd64ImageOfAMultiPlatformIndex() throws Exception {
    Digest arm = pushImage("team/multi", "arm", "arm64", 9090);
    Digest amd = pushImage("team/multi", "amd", "amd64", 8080);
    ObjectNode index = EventJson.mapper().createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    var manifests = index.putArray("manifests");
    for (var entry : List.of(List.of(arm.toString(), "arm64"), List.of(amd.toString(), "amd64"))) {
      ObjectNode d = manifests.addObject();
      d.put("mediaType", MediaTypes.OCI_MANIFEST);
      d.put("digest", entry.get(0));
      d.put("size", f.client.pullManifest("team/multi", entry.get(0)).bytes().length);
      d.putObject("platform").put("os", "linux").put("architecture", entry.get(1));
    }
    f.client.pushManifest(
        "team/multi", "2.0", MediaTypes.OCI_INDEX, EventJson.mapper().writeValueAsBytes(index));

    JsonNode m = f.get("/api/v1/images/apps/team/multi:2.0", 200);

    assertThat(m.get("architecture").asText()).isEqualTo("amd64");
    assertThat(m.get("digest").asText()).isEqualTo(amd.toString());
    assertThat(m.get("exposedPorts").get(0).asText()).isEqualTo("8080/tcp");
  }

  @Test
  void anImagePushedEventFillsTheCacheSoTheApiAnswersWithoutAskingTheRegistry() throws Exception {
    Digest digest = pushImage("team/api", "3.1.0", "amd64", 7070);
    ImageMetadataRepository cache = f.context.getBean(ImageMetadataRepository.class);

    f.context
        .getBean(EventPublisher.class)
        .publish(new ImagePushed("apps", "team/api", "3.1.0", digest.toString()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cache.findById("reg-apps/team/api:3.1.0").isPresent());
    int before = f.registry.requests().size();

    JsonNode m = f.get("/api/v1/images/apps/team/api:3.1.0", 200);

    assertThat(m.get("exposedPorts").get(0).asText()).isEqualTo("7070/tcp");
    assertThat(f.registry.requests()).hasSize(before); // answered from the cache
    // ?refresh=true reads the registry again
    f.get("/api/v1/images/apps/team/api:3.1.0?refresh=true", 200);
    assertThat(f.registry.requests().size()).isGreaterThan(before);
  }

  @Test
  void aBadReferenceOrSomethingThatIsNotAnImageGetsAClearError() throws Exception {
    HelmPush.push(
        f.client,
        "charts/demo",
        "0.1.0",
        "{\"name\":\"demo\",\"version\":\"0.1.0\"}".getBytes(StandardCharsets.UTF_8),
        "not really a tgz".getBytes(StandardCharsets.UTF_8));

    assertThat(f.get("/api/v1/images/apps/team/web", 400).toString()).contains("reference");
    assertThat(f.get("/api/v1/images/apps/Team/web:1", 400).toString()).contains("repository");
    assertThat(f.get("/api/v1/images/apps/team/web@sha256:abc", 400).toString()).contains("digest");
    assertThat(f.get("/api/v1/images/apps/charts/demo:0.1.0", 422).toString())
        .contains("not a container image");
    f.get("/api/v1/images/apps/team/nothing:1.0", 404);
    f.get("/api/v1/images/nowhere/team/web:1.0", 404);
  }
}
