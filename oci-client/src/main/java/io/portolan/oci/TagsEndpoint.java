package io.portolan.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /v2/<name>/tags/list?n=<n>}, or the URL of the previous page's {@code Link}. */
final class TagsEndpoint implements RegistryEndpoint<Page> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String repository;
  private final int pageSize;
  private final URI next;

  TagsEndpoint(String repository, int pageSize, URI next) {
    this.repository = repository;
    this.pageSize = pageSize;
    this.next = next;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public URI target(URI base) {
    return next != null ? next : Paths.v2(base, repository + "/tags/list?n=" + pageSize);
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
    List<String> tags = new ArrayList<>();
    body.path("tags").forEach(t -> tags.add(t.asText())); // "tags": null on an empty repository
    return new Page(tags, Paths.nextLink(response).orElse(null));
  }

  @Override
  public String action() {
    return "list tags of " + repository;
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
