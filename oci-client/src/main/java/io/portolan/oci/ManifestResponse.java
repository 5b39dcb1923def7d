package io.portolan.oci;

import java.util.Objects;

/**
 * A manifest as the registry served it: its exact bytes, its media type and its verified digest.
 */
public record ManifestResponse(String mediaType, Digest digest, byte[] bytes) {
  public ManifestResponse {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(bytes, "bytes");
  }

  public Descriptor descriptor() {
    return new Descriptor(mediaType, digest, bytes.length);
  }
}
