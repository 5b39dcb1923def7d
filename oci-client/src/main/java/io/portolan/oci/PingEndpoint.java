package io.portolan.oci;

import java.net.URI;

/** {@code GET /v2/}: the version check, and where the auth challenge first shows. */
final class PingEndpoint implements RegistryEndpoint<Boolean> {
  @Override
  public String method() {
    return "GET";
  }

  @Override
  public URI target(URI base) {
    return URI.create(base + "/v2/");
  }

  @Override
  public boolean accepts(int status) {
    return status == 200;
  }

  @Override
  public Boolean handle(Response response) {
    return true;
  }

  @Override
  public String action() {
    return "check the registry's API (GET /v2/)";
  }

  @Override
  public String repository() {
    return null;
  }

  @Override
  public Scope scope() {
    return Scope.NONE;
  }
}
