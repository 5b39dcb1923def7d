package io.portolan.oci;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * {@code HEAD /v2/<name>/manifests/<reference>}: whether a manifest exists, and its digest, media
 * type and size when the registry says so. A registry that omits {@code Docker-Content-Digest} (ECR
 * may) yields a descriptor-less answer, and the client falls back to a GET.
 */
final class ManifestChecker implements RegistryEndpoint<Optional<ManifestChecker.Head>> {
  /** What a HEAD told; {@code digest} is null when the registry did not send one. */
  record Head(String mediaType, Digest digest, long size) {}

  private final String repository;
  private final String reference;

  ManifestChecker(String repository, String reference) {
    this.repository = repository;
    this.reference = reference;
  }

  @Override
  public String method() {
    return "HEAD";
  }

  @Override
  public URI target(URI base) {
    return Paths.v2(base, repository + "/manifests/" + reference);
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("Accept", MediaTypes.MANIFEST_ACCEPT);
  }

  @Override
  public boolean accepts(int status) {
    return status == 200 || status == 404;
  }

  @Override
  public Optional<Head> handle(Response response) {
    if (response.status() == 404) {
      return Optional.empty();
    }
    Digest digest = response.header("Docker-Content-Digest").map(Digest::parse).orElse(null);
    long size = response.header("Content-Length").map(Long::parseLong).orElse(-1L);
    String mediaType =
        response.header("Content-Type").map(t -> t.split(";")[0].trim()).orElse(null);
    return Optional.of(new Head(mediaType, digest, size));
  }

  @Override
  public String action() {
    return "check manifest " + reference + " in " + repository;
  }

  @Override
  public String repository() {
    return repository;
  }

  @Override
  public Scope scope() {
    return Scope.pull(repository);
  }
}
