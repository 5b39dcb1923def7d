package io.portolan.oci;

import java.io.IOException;
import java.net.URI;

/**
 * {@code POST /v2/<name>/blobs/uploads/}, optionally {@code ?mount=<digest>&from=<repository>}. 201
 * means the blob was mounted; 202 opens an upload session at {@code Location}.
 */
final class UploadStarter implements RegistryEndpoint<UploadStarter.Started> {
  /** Either mounted (no location) or an upload session. */
  record Started(boolean mounted, URI location) {}

  private final String repository;
  private final Digest mount;
  private final String from;

  UploadStarter(String repository, Digest mount, String from) {
    this.repository = repository;
    this.mount = mount;
    this.from = from;
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public URI target(URI base) {
    URI uri = Paths.v2(base, repository + "/blobs/uploads/");
    if (mount != null) {
      uri = Paths.withParam(Paths.withParam(uri, "mount", mount.toString()), "from", from);
    }
    return uri;
  }

  @Override
  public boolean accepts(int status) {
    return status == 201 || status == 202;
  }

  @Override
  public Started handle(Response response) throws IOException {
    if (response.status() == 201 && mount != null) {
      return new Started(true, null);
    }
    return new Started(false, Paths.uploadLocation(response));
  }

  @Override
  public String action() {
    return mount != null
        ? "mount blob " + mount + " from " + from + " into " + repository
        : "start an upload to " + repository;
  }

  @Override
  public String repository() {
    return repository;
  }

  @Override
  public Scope scope() {
    return mount != null ? Scope.mount(repository, from) : Scope.push(repository);
  }
}
