package io.portolan.indexer.http;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.portolan.indexer.images.ImageMetadata;
import io.portolan.indexer.images.ImageMetadataService;
import io.portolan.service.http.ApiProblem;

/**
 * {@code GET /api/v1/images/{registry}/{repository}:{tag}} (or {@code @sha256:...}): an image's
 * exposed ports, entrypoint, command, environment variable names and labels, from the cache unless
 * {@code ?refresh=true}.
 */
@Controller("/api/v1/images")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ImageController {
  private final ImageMetadataService images;

  public ImageController(ImageMetadataService images) {
    this.images = images;
  }

  @Get("/{registry}/{+path}")
  public ImageMetadata image(
      @PathVariable String registry,
      @PathVariable String path,
      @QueryValue(defaultValue = "false") boolean refresh) {
    int at = path.indexOf('@');
    int colon = path.lastIndexOf(':');
    String repository;
    String reference;
    if (at > 0) {
      repository = path.substring(0, at);
      reference = path.substring(at + 1);
      if (!reference.matches("sha256:[0-9a-f]{64}")) {
        throw ApiProblem.invalid("reference", "a digest is sha256:<64 hex digits>", null);
      }
    } else if (colon > path.lastIndexOf('/')) {
      repository = path.substring(0, colon);
      reference = path.substring(colon + 1);
      if (!reference.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}")) {
        throw ApiProblem.invalid(
            "tag", "a tag is up to 128 letters, digits, '_', '.' and '-'", null);
      }
    } else {
      throw ApiProblem.invalid(
          "reference",
          "name the image as <repository>:<tag> or <repository>@<digest>",
          "e.g. /api/v1/images/ecr-prod/team/web:1.4.2");
    }
    if (!repository.matches(
        "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*")) {
      throw ApiProblem.invalid("repository", "not a valid repository name", null);
    }
    return images.get(registry, repository, reference, refresh);
  }
}
