package io.portolan.oci;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * {@code GET /v2/<name>/manifests/<reference>} with the OCI and Docker media types in {@code
 * Accept}. The body is checked against the digest asked for, or else against {@code
 * Docker-Content-Digest} when the registry sends it.
 */
final class ManifestPuller implements RegistryEndpoint<ManifestResponse> {
  /** Registries must accept manifests of at least 4 MB; refuse to read anything much larger. */
  static final long MAX_MANIFEST_BYTES = 8L << 20;

  private final String registry;
  private final String repository;
  private final String reference;

  ManifestPuller(String registry, String repository, String reference) {
    this.registry = registry;
    this.repository = repository;
    this.reference = reference;
  }

  @Override
  public String method() {
    return "GET";
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
    return status == 200;
  }

  @Override
  public ManifestResponse handle(Response response) throws IOException, RegistryException {
    byte[] bytes = response.readBody(MAX_MANIFEST_BYTES);
    Digest actual = Digest.sha256(bytes);
    Digest expected =
        Digest.isDigest(reference)
            ? Digest.parse(reference)
            : response.header("Docker-Content-Digest").map(Digest::parse).orElse(actual);
    if (!expected.equals(actual)) {
      throw new DigestMismatchException(registry, repository, action(), expected, actual);
    }
    String mediaType =
        response.header("Content-Type").map(t -> t.split(";")[0].trim()).orElse(null);
    return new ManifestResponse(mediaType, actual, bytes);
  }

  @Override
  public String action() {
    return "pull manifest " + reference + " from " + repository;
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
