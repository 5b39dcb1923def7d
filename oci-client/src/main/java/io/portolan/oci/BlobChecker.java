package io.portolan.oci;

import java.net.URI;
import java.util.Optional;

/** {@code HEAD /v2/<name>/blobs/<digest>}: the blob's size when it exists. */
final class BlobChecker implements RegistryEndpoint<Optional<Long>> {
  private final String repository;
  private final Digest digest;
  private final boolean forPush;

  BlobChecker(String repository, Digest digest, boolean forPush) {
    this.repository = repository;
    this.digest = digest;
    this.forPush = forPush;
  }

  @Override
  public String method() {
    return "HEAD";
  }

  @Override
  public URI target(URI base) {
    return Paths.v2(base, repository + "/blobs/" + digest);
  }

  @Override
  public boolean accepts(int status) {
    return status == 200 || status == 404;
  }

  @Override
  public Optional<Long> handle(Response response) {
    if (response.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(response.header("Content-Length").map(Long::parseLong).orElse(-1L));
  }

  @Override
  public String action() {
    return "check blob " + digest + " in " + repository;
  }

  @Override
  public String repository() {
    return repository;
  }

  @Override
  public Scope scope() {
    // a pusher asks with its push scope, so one token serves the whole push
    return forPush ? Scope.push(repository) : Scope.pull(repository);
  }
}
