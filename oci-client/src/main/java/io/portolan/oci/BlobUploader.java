package io.portolan.oci;

import java.net.URI;
import java.util.Map;

/**
 * {@code PUT <upload location>&digest=<digest>} with the whole blob as the body (a monolithic
 * upload), or with no body to close a chunked upload. The location may already carry a query
 * string.
 */
final class BlobUploader implements RegistryEndpoint<Void> {
  private final String repository;
  private final URI location;
  private final Digest digest;
  private final BlobSource content;

  BlobUploader(String repository, URI location, Digest digest, BlobSource content) {
    this.repository = repository;
    this.location = location;
    this.digest = digest;
    this.content = content;
  }

  @Override
  public String method() {
    return "PUT";
  }

  @Override
  public URI target(URI base) {
    return Paths.withParam(location, "digest", digest.toString());
  }

  @Override
  public Map<String, String> headers() {
    return content == null ? Map.of() : Map.of("Content-Type", MediaTypes.OCTET_STREAM);
  }

  @Override
  public BlobSource body() {
    return content;
  }

  @Override
  public boolean accepts(int status) {
    return status == 201 || status == 204;
  }

  @Override
  public Void handle(Response response) {
    return null;
  }

  @Override
  public String action() {
    return "upload blob " + digest + " to " + repository;
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
