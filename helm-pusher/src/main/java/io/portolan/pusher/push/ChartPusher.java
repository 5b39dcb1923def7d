package io.portolan.pusher.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.portolan.events.EventJson;
import io.portolan.oci.BlobSource;
import io.portolan.oci.Descriptor;
import io.portolan.oci.MediaTypes;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.RegistryException;
import io.portolan.pusher.chart.HelmArtifact;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pushes a {@link HelmArtifact} as ORAS's copy does for {@code helm push}, doing no more than
 * needed: when the tag already names this manifest nothing is sent; when the manifest exists under
 * its digest only the tag is written; otherwise each blob is checked and only missing ones are
 * uploaded (or mounted from another repository of the same registry), then the manifest is written.
 *
 * <p>When the {@code created} time was not given but chosen by the pusher, a tag whose manifest
 * holds the very same config and layers is the same chart pushed before (by helm or by us, at
 * another time), and is left as it is.
 */
public final class ChartPusher {
  private ChartPusher() {}

  /** What a push did. */
  public record Outcome(
      String repository,
      String tag,
      String digest,
      boolean alreadyTagged,
      boolean manifestExisted,
      List<String> uploaded,
      List<String> existed,
      List<String> mounted) {}

  public static Outcome push(
      RegistryClient client, String repository, HelmArtifact artifact, String mountFrom)
      throws RegistryException {
    return push(client, repository, artifact, mountFrom, false);
  }

  /**
   * @param createdChosen the artifact's {@code created} was chosen here, not given: a tag holding
   *     the same content under another {@code created} counts as already pushed
   */
  public static Outcome push(
      RegistryClient client,
      String repository,
      HelmArtifact artifact,
      String mountFrom,
      boolean createdChosen)
      throws RegistryException {
    String digest = artifact.manifestDigest().toString();
    // HEAD /v2/<repo>/manifests/<tag>
    Optional<Descriptor> tagged = client.checkManifest(repository, artifact.tag());
    if (tagged.isPresent() && tagged.get().digest().equals(artifact.manifestDigest())) {
      return new Outcome(
          repository, artifact.tag(), digest, true, true, List.of(), List.of(), List.of());
    }
    if (tagged.isPresent() && createdChosen && sameContent(client, repository, artifact)) {
      return new Outcome(
          repository,
          artifact.tag(),
          tagged.get().digest().toString(),
          true,
          true,
          List.of(),
          List.of(),
          List.of());
    }
    // HEAD /v2/<repo>/manifests/<digest>
    boolean manifestExists = client.checkManifest(repository, digest).isPresent();
    List<String> uploaded = new ArrayList<>();
    List<String> existed = new ArrayList<>();
    List<String> mounted = new ArrayList<>();
    if (!manifestExists) {
      List<Blob> blobs = new ArrayList<>();
      blobs.add(new Blob(artifact.configDescriptor(), artifact.config()));
      artifact.layers().forEach(l -> blobs.add(new Blob(l.descriptor(), l.content())));
      for (Blob blob : blobs) {
        RegistryClient.PushOutcome outcome =
            client.pushBlob(
                repository, blob.descriptor().digest(), BlobSource.of(blob.content()), mountFrom);
        String name = blob.descriptor().digest().toString();
        switch (outcome) {
          case UPLOADED -> uploaded.add(name);
          case EXISTED -> existed.add(name);
          case MOUNTED -> mounted.add(name);
        }
      }
    }
    // PUT /v2/<repo>/manifests/<tag>
    client.pushManifest(repository, artifact.tag(), MediaTypes.OCI_MANIFEST, artifact.manifest());
    return new Outcome(
        repository, artifact.tag(), digest, false, manifestExists, uploaded, existed, mounted);
  }

  /** Whether the tagged manifest has exactly this artifact's config and layers. */
  private static boolean sameContent(
      RegistryClient client, String repository, HelmArtifact artifact) throws RegistryException {
    JsonNode manifest;
    try {
      manifest =
          EventJson.mapper().readTree(client.pullManifest(repository, artifact.tag()).bytes());
    } catch (java.io.IOException e) {
      return false; // not JSON: not ours to keep
    }
    if (!artifact
            .configDescriptor()
            .digest()
            .toString()
            .equals(manifest.at("/config/digest").asText())
        || !MediaTypes.HELM_CONFIG.equals(manifest.at("/config/mediaType").asText())) {
      return false;
    }
    List<String> theirs = new ArrayList<>();
    manifest.path("layers").forEach(l -> theirs.add(l.path("digest").asText()));
    List<String> ours = new ArrayList<>();
    artifact.layers().forEach(l -> ours.add(l.descriptor().digest().toString()));
    return theirs.equals(ours);
  }

  private record Blob(Descriptor descriptor, byte[] content) {}
}
