package io.portolan.oci;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * One chunk of a chunked upload: {@code PATCH <upload location>} with {@code Content-Range:
 * <first>-<last>} (inclusive) and the chunk as the body. The registry answers 202 with the location
 * of the next request, which may differ from this one.
 */
final class ChunkUploader implements RegistryEndpoint<URI> {
  private final String repository;
  private final URI location;
  private final Digest digest;
  private final BlobSource chunk;
  private final long offset;

  ChunkUploader(String repository, URI location, Digest digest, BlobSource chunk, long offset) {
    this.repository = repository;
    this.location = location;
    this.digest = digest;
    this.chunk = chunk;
    this.offset = offset;
  }

  @Override
  public String method() {
    return "PATCH";
  }

  @Override
  public URI target(URI base) {
    return location;
  }

  @Override
  public Map<String, String> headers() {
    return Map.of(
        "Content-Type",
        MediaTypes.OCTET_STREAM,
        "Content-Range",
        offset + "-" + (offset + chunk.size() - 1));
  }

  @Override
  public BlobSource body() {
    return chunk;
  }

  @Override
  public boolean accepts(int status) {
    return status == 202;
  }

  @Override
  public URI handle(Response response) throws IOException {
    return Paths.uploadLocation(response);
  }

  @Override
  public String action() {
    return "upload bytes "
        + offset
        + "-"
        + (offset + chunk.size() - 1)
        + " of blob "
        + digest
        + " to "
        + repository;
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
