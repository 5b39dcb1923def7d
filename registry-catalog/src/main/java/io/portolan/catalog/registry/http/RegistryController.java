package io.portolan.catalog.registry.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.portolan.catalog.auth.Roles;
import io.portolan.catalog.registry.MergePatch;
import io.portolan.catalog.registry.Registry;
import io.portolan.catalog.registry.RegistryRequests;
import io.portolan.catalog.registry.RegistryService;
import io.portolan.events.EventJson;
import io.portolan.events.Provider;
import io.portolan.service.http.ApiProblem;
import io.portolan.service.http.Problem;
import io.portolan.service.registries.RegistryClients;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Locale;
import java.util.UUID;

/** {@code /api/v1/registries}: thin; parses, calls the service, maps the answer. */
@Controller("/api/v1/registries")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "registries")
public class RegistryController {
  private final RegistryService registries;
  private final RegistryClients clients;

  public RegistryController(RegistryService registries, RegistryClients clients) {
    this.registries = registries;
    this.clients = clients;
  }

  @Post
  @Secured(Roles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createRegistry",
      summary = "Create a registry",
      description = "Secrets are stored encrypted and never returned.")
  @ApiResponse(
      responseCode = "201",
      description = "Created; Location and ETag name it and its revision",
      content = @Content(schema = @Schema(implementation = RegistryView.class)))
  @ApiResponse(
      responseCode = "400",
      description = "A field is wrong: problem+json naming each field, with a hint",
      content =
          @Content(
              mediaType = "application/problem+json",
              schema = @Schema(implementation = Problem.class)))
  @ApiResponse(
      responseCode = "409",
      description = "The name is taken",
      content =
          @Content(
              mediaType = "application/problem+json",
              schema = @Schema(implementation = Problem.class)))
  public HttpResponse<RegistryView> create(
      @RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = RegistryDocument.class)))
          @Nullable
          @Body
          byte[] body,
      Authentication actor) {
    Registry created =
        registries.create(
            RegistryRequests.parse(
                RegistryRequests.readObject(body),
                RegistryRequests.Rules.forCreate(clients.allowLoopback())),
            actor.getName());
    return HttpResponse.created(RegistryView.of(created))
        .header("Location", "/api/v1/registries/" + created.id())
        .header("ETag", etag(created));
  }

  @Get("/{id}")
  @Secured({Roles.ADMIN, Roles.VIEWER, Roles.CI})
  @Operation(
      operationId = "getRegistry",
      summary = "Read a registry",
      description = "The ETag header holds its revision.")
  public HttpResponse<RegistryView> get(@PathVariable String id) {
    Registry registry =
        registries.get(uuid(id)).orElseThrow(() -> ApiProblem.notFound("registry " + id));
    return HttpResponse.ok(RegistryView.of(registry)).header("ETag", etag(registry));
  }

  @Get
  @Secured({Roles.ADMIN, Roles.VIEWER, Roles.CI})
  @Operation(
      operationId = "listRegistries",
      summary = "List registries",
      description = "Filters combine; results are sorted by name.")
  public RegistryPage list(
      @Nullable @QueryValue String provider,
      @Nullable @QueryValue String name,
      @Nullable @QueryValue Boolean pushHelm,
      @Nullable @QueryValue Boolean chartRepository,
      @Nullable @QueryValue("default") Boolean isDefault,
      @Parameter(description = "from 0") @Nullable @QueryValue Integer page,
      @Parameter(description = "1 to 500; 50 when absent") @Nullable @QueryValue Integer size) {
    int pageNumber = page == null ? 0 : page;
    int pageSize = size == null ? 50 : size;
    if (pageNumber < 0 || pageNumber > 1_000_000) {
      throw ApiProblem.invalid("page", "must be between 0 and 1000000", null);
    }
    if (pageSize < 1 || pageSize > 500) {
      throw ApiProblem.invalid("size", "must be between 1 and 500", null);
    }
    String providerName = null;
    if (provider != null) {
      try {
        providerName = Provider.valueOf(provider.trim().toUpperCase(Locale.ROOT)).name();
      } catch (IllegalArgumentException e) {
        throw ApiProblem.invalid(
            "provider",
            "is not a known provider",
            "one of ECR, DOCKER_HUB, ACR, GCR, GAR, QUAY, OTHER");
      }
    }
    if (name != null && !name.matches("[a-z0-9-]{1,63}")) {
      throw ApiProblem.invalid(
          "name",
          "must be part of a registry name: 1-63 lowercase letters, digits and '-'",
          "name=team matches team-a and my-team");
    }
    var result =
        registries.list(
            new RegistryService.Filter(providerName, name, pushHelm, chartRepository, isDefault),
            pageNumber,
            pageSize);
    return new RegistryPage(
        result.items().stream().map(RegistryView::of).toList(),
        pageNumber,
        pageSize,
        result.total());
  }

  @Put("/{id}")
  @Secured(Roles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "replaceRegistry",
      summary = "Replace a registry",
      description =
          "Secrets left out keep their stored values; a secret set to null is removed. If-Match: the"
              + " revision read, or 412.")
  public HttpResponse<RegistryView> replace(
      @PathVariable String id,
      @RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = RegistryDocument.class)))
          @Nullable
          @Body
          byte[] body,
      @Nullable @Header("If-Match") String ifMatch,
      Authentication actor) {
    ObjectNode document = RegistryRequests.readObject(body);
    Registry updated =
        registries.update(
            uuid(id),
            revisionOf(ifMatch),
            actor.getName(),
            current ->
                RegistryRequests.parse(
                    document,
                    new RegistryRequests.Rules(clients.allowLoopback(), current.secretsSet())));
    return HttpResponse.ok(RegistryView.of(updated)).header("ETag", etag(updated));
  }

  @Patch("/{id}")
  @Secured(Roles.ADMIN)
  @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
  @Operation(
      operationId = "patchRegistry",
      summary = "Change some fields of a registry",
      description =
          "A JSON Merge Patch (RFC 7386) of the registry's GET shape; a secret set to null is"
              + " removed. If-Match: the revision read, or 412.")
  public HttpResponse<RegistryView> patch(
      @PathVariable String id,
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = "application/merge-patch+json",
                      schema = @Schema(implementation = RegistryDocument.class)))
          @Nullable
          @Body
          byte[] body,
      @Nullable @Header("If-Match") String ifMatch,
      Authentication actor) {
    ObjectNode patch = RegistryRequests.readObject(body);
    Registry updated =
        registries.update(
            uuid(id),
            revisionOf(ifMatch),
            actor.getName(),
            current -> {
              ObjectNode document = EventJson.mapper().valueToTree(RegistryView.of(current));
              return RegistryRequests.parse(
                  MergePatch.apply(document, patch),
                  new RegistryRequests.Rules(clients.allowLoopback(), current.secretsSet()));
            });
    return HttpResponse.ok(RegistryView.of(updated)).header("ETag", etag(updated));
  }

  @Delete("/{id}")
  @Secured(Roles.ADMIN)
  @Operation(
      operationId = "deleteRegistry",
      summary = "Delete a registry",
      description = "Every consumer loses its credential.")
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
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
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
