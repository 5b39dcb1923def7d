package io.portolan.catalog.registry.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.portolan.catalog.auth.Roles;
import io.portolan.catalog.registry.Registry;
import io.portolan.catalog.registry.RegistryRequests;
import io.portolan.catalog.registry.RegistryService;
import io.portolan.events.Provider;
import io.portolan.service.http.ApiProblem;
import java.util.Locale;
import java.util.UUID;

/** {@code /api/v1/registries}: thin; parses, calls the service, maps the answer. */
@Controller("/api/v1/registries")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RegistryController {
  private final RegistryService registries;

  public RegistryController(RegistryService registries) {
    this.registries = registries;
  }

  @Post
  @Secured(Roles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  public HttpResponse<RegistryView> create(@Body byte[] body, Authentication actor) {
    Registry created =
        registries.create(
            RegistryRequests.parse(RegistryRequests.readObject(body)), actor.getName());
    return HttpResponse.created(RegistryView.of(created))
        .header("Location", "/api/v1/registries/" + created.id())
        .header("ETag", etag(created));
  }

  @Get("/{id}")
  @Secured({Roles.ADMIN, Roles.VIEWER})
  public HttpResponse<RegistryView> get(@PathVariable String id) {
    Registry registry =
        registries.get(uuid(id)).orElseThrow(() -> ApiProblem.notFound("registry " + id));
    return HttpResponse.ok(RegistryView.of(registry)).header("ETag", etag(registry));
  }

  @Get
  @Secured({Roles.ADMIN, Roles.VIEWER})
  public RegistryPage list(
      @Nullable @QueryValue String provider,
      @QueryValue(defaultValue = "0") int page,
      @QueryValue(defaultValue = "50") int size) {
    if (page < 0) {
      throw ApiProblem.invalid("page", "must be 0 or more", null);
    }
    if (size < 1 || size > 500) {
      throw ApiProblem.invalid("size", "must be between 1 and 500", null);
    }
    String providerName = null;
    if (provider != null) {
      try {
        providerName = Provider.valueOf(provider.toUpperCase(Locale.ROOT)).name();
      } catch (IllegalArgumentException e) {
        throw ApiProblem.invalid("provider", "is not a known provider", null);
      }
    }
    var result = registries.list(providerName, Pageable.from(page, size));
    return new RegistryPage(
        result.getContent().stream().map(RegistryView::of).toList(),
        page,
        size,
        result.getTotalSize());
  }

  @Delete("/{id}")
  @Secured(Roles.ADMIN)
  public HttpResponse<Void> delete(
      @PathVariable String id, @Nullable @Header("If-Match") String ifMatch, Authentication actor) {
    registries.delete(uuid(id), revisionOf(ifMatch), actor.getName());
    return HttpResponse.noContent();
  }

  static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("registry " + id);
    }
  }

  static String etag(Registry registry) {
    return "\"" + registry.revision() + "\"";
  }

  static Long revisionOf(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(ifMatch.replace("W/", "").replace("\"", "").trim());
    } catch (NumberFormatException e) {
      throw ApiProblem.invalid(
          "If-Match", "must be a revision as returned in ETag, e.g. \"3\"", null);
    }
  }
}
