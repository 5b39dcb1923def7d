package io.portolan.oci;

import java.net.URI;
import java.util.Map;

/**
 * {@code PUT /v2/<name>/manifests/<reference>} with {@code Content-Type} set to the manifest's
 * media type. The registry stores the exact bytes; its {@code Docker-Content-Digest} must be their
 * sha256.
 */
final class ManifestPusher implements RegistryEndpoint<Digest> {
  private final String registry;
  private final String repository;
  private final String reference;
  private final String mediaType;
  private final byte[] bytes;

  ManifestPusher(
      String registry, String repository, String reference, String mediaType, byte[] bytes) {
    this.registry = registry;
    this.repository = repository;
    this.reference = reference;
    this.mediaType = mediaType;
    this.bytes = bytes;
  }

  @Override
  public String method() {
    return "PUT";
  }

  @Override
  public URI target(URI base) {
    return Paths.v2(base, repository + "/manifests/" + reference);
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("Content-Type", mediaType);
  }

  @Override
  public BlobSource body() {
    return BlobSource.of(bytes);
  }

  @Override
  public boolean accepts(int status) {
    return status == 201 || status == 200;
  }

  @Override
  public Digest handle(Response response) throws RegistryException {
    Digest computed = Digest.sha256(bytes);
    Digest stated = response.header("Docker-Content-Digest").map(Digest::parse).orElse(computed);
    if (!stated.equals(computed)) {
      throw new DigestMismatchException(registry, repository, action(), computed, stated);
    }
    return computed;
  }

  @Override
  public String action() {
    return "push manifest " + reference + " to " + repository;
  }

  @Override
  public String repository() {
    return repository;
  }

  @Override
  public Scope scope() {
    return Scope.push(repository);
  }
}
