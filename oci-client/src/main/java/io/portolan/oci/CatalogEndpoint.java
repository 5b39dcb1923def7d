package io.portolan.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /v2/_catalog?n=<n>} (a distribution extension), or the next page's URL. */
final class CatalogEndpoint implements RegistryEndpoint<Page> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int pageSize;
  private final URI next;

  CatalogEndpoint(int pageSize, URI next) {
    this.pageSize = pageSize;
    this.next = next;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public URI target(URI base) {
    return next != null ? next : Paths.v2(base, "_catalog?n=" + pageSize);
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("Accept", "application/json");
  }

  @Override
  public boolean accepts(int status) {
    return status == 200;
  }

  @Override
  public Page handle(Response response) throws IOException {
    JsonNode body = JSON.readTree(response.readBody(16 << 20));
    List<String> repositories = new ArrayList<>();
    body.path("repositories").forEach(r -> repositories.add(r.asText()));
    return new Page(repositories, Paths.nextLink(response).orElse(null));
  }

  @Override
  public String action() {
    return "list the registry's repositories (_catalog)";
  }

  @Override
  public String repository() {
    return null;
  }

  @Override
  public Scope scope() {
    return Scope.CATALOG;
  }
}
