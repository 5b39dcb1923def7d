package io.portolan.indexer.images;

import com.fasterxml.jackson.databind.JsonNode;
import io.portolan.events.EventJson;
import io.portolan.oci.Digest;
import io.portolan.oci.ManifestResponse;
import io.portolan.oci.MediaTypes;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.RegistryException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an image's metadata with two or three requests and never a layer: the manifest (for an
 * index or manifest list, then the {@code linux/amd64} manifest, else the first), and the config
 * blob.
 *
 * <p>Thread-safe (stateless).
 */
public final class ImageMetadataReader {
  /** Image configs are small; a larger one is not an image config. */
  private static final long MAX_CONFIG_BYTES = 4L << 20;

  private final Clock clock;

  public ImageMetadataReader(Clock clock) {
    this.clock = clock;
  }

  /** Thrown when the reference names something that is not a container image. */
  public static final class NotAnImageException extends Exception {
    public NotAnImageException(String message) {
      super(message);
    }
  }

  public ImageMetadata read(
      RegistryClient client, String registryName, String repository, String reference)
      throws RegistryException, IOException, NotAnImageException {
    ManifestResponse manifest = client.pullManifest(repository, reference);
    JsonNode root = EventJson.mapper().readTree(manifest.bytes());
    String type = root.path("mediaType").asText(manifest.mediaType());
    if (root.has("manifests")
        || MediaTypes.OCI_INDEX.equals(type)
        || MediaTypes.DOCKER_MANIFEST_LIST.equals(type)) {
      JsonNode chosen = null;
      for (JsonNode m : root.path("manifests")) {
        JsonNode platform = m.path("platform");
        if (chosen == null && !"unknown".equals(platform.path("os").asText())) {
          chosen = m;
        }
        if ("linux".equals(platform.path("os").asText())
            && "amd64".equals(platform.path("architecture").asText())) {
          chosen = m;
          break;
        }
      }
      if (chosen == null) {
        throw new NotAnImageException("the index lists no image manifest");
      }
      manifest = client.pullManifest(repository, chosen.path("digest").asText());
      root = EventJson.mapper().readTree(manifest.bytes());
    }
    String configType = root.path("config").path("mediaType").asText();
    if (!configType.equals(MediaTypes.OCI_IMAGE_CONFIG)
        && !configType.equals("application/vnd.docker.container.image.v1+json")) {
      throw new NotAnImageException(
          "it is not a container image (config media type " + configType + ")");
    }
    Digest configDigest = Digest.parse(root.path("config").path("digest").asText());
    JsonNode config =
        EventJson.mapper().readTree(client.pullBlob(repository, configDigest, MAX_CONFIG_BYTES));
    JsonNode c = config.path("config");
    List<String> ports = new ArrayList<>();
    c.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
    List<String> env = new ArrayList<>();
    c.path("Env")
        .forEach(
            e -> {
              String s = e.asText();
              int eq = s.indexOf('=');
              env.add(eq < 0 ? s : s.substring(0, eq)); // the name only: values may be secrets
            });
    Map<String, String> labels = new LinkedHashMap<>();
    c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return new ImageMetadata(
        registryName,
        repository,
        reference,
        manifest.digest().toString(),
        text(config, "os"),
        text(config, "architecture"),
        ports,
        strings(c.path("Entrypoint")),
        strings(c.path("Cmd")),
        env,
        labels,
        text(c, "WorkingDir"),
        text(c, "User"),
        clock.instant());
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isValueNode() && !v.isNull() && !v.asText().isEmpty() ? v.asText() : null;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
