package io.portolan.indexer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portolan.oci.BlobSource;
import io.portolan.oci.Digest;
import io.portolan.oci.MediaTypes;
import io.portolan.oci.RegistryClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.yaml.snakeyaml.Yaml;

/**
 * Pushes chart archives the way {@code helm push} lays them out: the Chart.yaml as a JSON config
 * blob ({@code application/vnd.cncf.helm.config.v1+json}), the archive as the one layer, tagged
 * with the version ({@code +} as {@code _}). What the indexer reads of it is the same as from helm
 * (the pusher module reproduces helm byte for byte; here only the layout matters).
 */
final class HelmPush {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HelmPush() {}

  /** The archive's Chart.yaml as JSON, or {@code {}} for an archive without one. */
  static byte[] config(byte[] tgz) {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String[] parts = entry.getName().split("/");
        if (parts.length == 2 && parts[1].equals("Chart.yaml")) {
          Object yaml = new Yaml().load(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
          return JSON.writeValueAsBytes(yaml);
        }
      }
    } catch (IOException e) {
      // not an archive at all: a careless tool still pushes it
    }
    return "{}".getBytes(StandardCharsets.UTF_8);
  }

  /** Pushes a chart archive with the given config; returns the manifest digest. */
  static Digest push(
      RegistryClient client, String repository, String tag, byte[] config, byte[] tgz)
      throws Exception {
    Digest configDigest = Digest.sha256(config);
    Digest layerDigest = Digest.sha256(tgz);
    client.pushBlob(repository, configDigest, BlobSource.of(config), null);
    client.pushBlob(repository, layerDigest, BlobSource.of(tgz), null);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest.set("config", descriptor(MediaTypes.HELM_CONFIG, configDigest, config.length));
    manifest.putArray("layers").add(descriptor(MediaTypes.HELM_CHART, layerDigest, tgz.length));
    manifest
        .putObject("annotations")
        .put("org.opencontainers.image.created", "2026-11-21T00:00:00Z");
    return client.pushManifest(
        repository, tag, MediaTypes.OCI_MANIFEST, JSON.writeValueAsBytes(manifest));
  }

  /** Pushes a chart archive as helm would; returns the version and manifest digest. */
  static Map.Entry<String, Digest> push(RegistryClient client, String repository, byte[] tgz)
      throws Exception {
    byte[] config = config(tgz);
    JsonNode meta = JSON.readTree(config);
    String version = meta.path("version").asText();
    return Map.entry(version, push(client, repository, version.replace('+', '_'), config, tgz));
  }

  /** Pushes a small container image (not a chart) under {@code tag}. */
  static void pushImage(RegistryClient client, String repository, String tag) throws Exception {
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = "not a chart".getBytes(StandardCharsets.UTF_8);
    client.pushBlob(repository, Digest.sha256(config), BlobSource.of(config), null);
    client.pushBlob(repository, Digest.sha256(layer), BlobSource.of(layer), null);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest.set(
        "config", descriptor(MediaTypes.OCI_IMAGE_CONFIG, Digest.sha256(config), config.length));
    manifest
        .putArray("layers")
        .add(
            descriptor(
                "application/vnd.oci.image.layer.v1.tar", Digest.sha256(layer), layer.length));
    client.pushManifest(repository, tag, MediaTypes.OCI_MANIFEST, JSON.writeValueAsBytes(manifest));
  }

  private static ObjectNode descriptor(String mediaType, Digest digest, long size) {
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("digest", digest.toString());
    d.put("size", size);
    return d;
  }
}
