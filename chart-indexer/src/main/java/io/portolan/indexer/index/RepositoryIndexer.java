package io.portolan.indexer.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portolan.oci.Descriptor;
import io.portolan.oci.Digest;
import io.portolan.oci.ManifestResponse;
import io.portolan.oci.MediaTypes;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.RegistryException;
import io.portolan.oci.RegistryNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes one repository incrementally. It lists tags and keeps the strict-semver ones (with {@code
 * _} read as {@code +}), HEADs each for its digest, and only for a digest it has not indexed GETs
 * the manifest and the config blob (Chart.yaml as JSON) — never the chart archive. Tags that are
 * gone leave the index; manifests that are not Helm charts are skipped and counted.
 *
 * <p>Thread-safe (stateless).
 */
public final class RepositoryIndexer {
  private static final Logger LOG = LoggerFactory.getLogger(RepositoryIndexer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Config blobs are Chart.yaml as JSON: small. Anything larger is not a chart's. */
  private static final long MAX_CONFIG_BYTES = 1 << 20;

  /** What one pass over a repository found and changed. */
  public record Result(
      List<ChartVersion> added,
      List<ChartVersion> updated,
      List<String> removedTags,
      int unchanged,
      int skipped,
      List<String> errors,
      List<String> skippedTags) {}

  private final ChartIndex index;
  private final Clock clock;

  /**
   * {@code registry/repository:tag} to the digest found not to be a chart, so an unchanged artifact
   * that is not a chart is not read again on every pass (once more after a restart).
   */
  private final java.util.Map<String, String> notCharts =
      new java.util.concurrent.ConcurrentHashMap<>();

  public RepositoryIndexer(ChartIndex index, Clock clock) {
    this.index = index;
    this.clock = clock;
  }

  public Result index(RegistryClient client, String registryId, String repository)
      throws RegistryException {
    List<String> tags;
    try {
      tags = client.listTags(repository);
    } catch (RegistryNotFoundException e) {
      tags = List.of(); // not pushed yet, or deleted: no charts
    }
    Map<String, String> known = index.digests(registryId, repository);
    List<ChartVersion> added = new ArrayList<>();
    List<ChartVersion> updated = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int unchanged = 0;
    int skipped = 0;
    List<String> skippedTags = new ArrayList<>();
    java.util.Set<String> present = new java.util.HashSet<>();
    for (String tag : tags) {
      String version = SemanticVersions.versionOfTag(tag);
      if (version == null) {
        skipped++;
        skippedTags.add(repository + ":" + tag);
        continue;
      }
      try {
        String where = registryId + "/" + repository + ":" + tag;
        String reference = tag;
        if (known.containsKey(tag) || notCharts.containsKey(where)) {
          // HEAD /v2/<repo>/manifests/<tag>: a tag seen before costs one HEAD while unchanged
          Optional<Descriptor> head = client.checkManifest(repository, tag);
          if (head.isEmpty()) {
            continue; // deleted between listing and now
          }
          String digest = head.get().digest().toString();
          present.add(tag);
          if (digest.equals(known.get(tag))) {
            unchanged++;
            continue;
          }
          if (digest.equals(notCharts.get(where))) {
            present.remove(tag);
            skipped++;
            skippedTags.add(repository + ":" + tag);
            continue;
          }
          reference = digest;
        }
        present.add(tag);
        // a new tag: GET its manifest at once (the answer carries the digest), no HEAD first
        Read read = read(client, registryId, repository, tag, version, reference);
        Optional<ChartVersion> chart = read.chart();
        if (chart.isEmpty()) {
          notCharts.put(where, read.digest());
          present.remove(tag);
          skipped++;
          skippedTags.add(repository + ":" + tag);
          continue;
        }
        notCharts.remove(where);
        (known.containsKey(tag) ? updated : added).add(chart.get());
      } catch (RegistryNotFoundException e) {
        present.remove(tag); // deleted between listing and now
      } catch (RegistryException | IOException | RuntimeException e) {
        present.add(tag); // keep what the index has; try again next pass
        errors.add(tag + ": " + e.getMessage());
        LOG.warn("Could not index [{}:{}]: {}", repository, tag, e.getMessage());
      }
    }
    // one transaction per repository: a cold pass stores thousands of versions
    List<ChartVersion> store = new ArrayList<>(added);
    store.addAll(updated);
    index.upsertAll(store);
    List<String> removed = new ArrayList<>();
    for (String tag : known.keySet()) {
      if (!present.contains(tag)) {
        index.remove(registryId, repository, tag);
        removed.add(tag);
      }
    }
    return new Result(added, updated, removed, unchanged, skipped, errors, skippedTags);
  }

  /** A manifest read: its digest, and the chart when it is one. */
  private record Read(String digest, Optional<ChartVersion> chart) {}

  private Read read(
      RegistryClient client,
      String registryId,
      String repository,
      String tag,
      String version,
      String reference)
      throws RegistryException, IOException {
    // GET /v2/<repo>/manifests/<tag or digest>; the client verifies the digest it answers with
    ManifestResponse manifest = client.pullManifest(repository, reference);
    String digest = manifest.digest().toString();
    JsonNode root = JSON.readTree(manifest.bytes());
    if (!MediaTypes.HELM_CONFIG.equals(root.path("config").path("mediaType").asText())) {
      return new Read(digest, Optional.empty()); // an image or another artifact
    }
    long size = -1;
    for (JsonNode layer : root.path("layers")) {
      String type = layer.path("mediaType").asText();
      if (type.equals(MediaTypes.HELM_CHART) || type.equals(MediaTypes.HELM_CHART_LEGACY)) {
        size = layer.path("size").asLong();
      }
    }
    if (size < 0) {
      return new Read(digest, Optional.empty()); // a Helm config without a chart layer
    }
    // GET /v2/<repo>/blobs/<config digest>: the only blob read
    Digest configDigest = Digest.parse(root.path("config").path("digest").asText());
    byte[] config = client.pullBlob(repository, configDigest, MAX_CONFIG_BYTES);
    JsonNode meta = JSON.readTree(config);
    String name = meta.path("name").asText("");
    if (name.isEmpty()) {
      return new Read(digest, Optional.empty());
    }
    return new Read(
        digest,
        Optional.of(
            new ChartVersion(
                registryId,
                repository,
                tag,
                name,
                version,
                digest,
                text(meta, "appVersion"),
                text(meta, "description"),
                text(meta, "apiVersion"),
                text(meta, "type"),
                meta.path("deprecated").asBoolean(false),
                new String(config, StandardCharsets.UTF_8),
                text(root.path("annotations"), "org.opencontainers.image.created"),
                size,
                clock.instant())));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
