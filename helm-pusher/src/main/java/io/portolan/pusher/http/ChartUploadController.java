package io.portolan.pusher.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.portolan.pusher.push.PushFailed;
import io.portolan.pusher.push.PushService;
import io.portolan.service.http.ApiProblem;
import io.portolan.service.http.Problem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code POST /api/v1/charts}: the chart package as the body; query {@code registry} (name or id;
 * the default Helm registry when absent), {@code namespace}, {@code created} (RFC 3339).
 */
@Controller("/api/v1/charts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ChartUploadController {
  private final PushService pushes;

  public ChartUploadController(PushService pushes) {
    this.pushes = pushes;
  }

  /** What was pushed. */
  @Serdeable
  public record PushView(
      String registry,
      String repository,
      String version,
      String tag,
      String digest,
      String reference,
      String helmPull,
      int blobsUploaded,
      int blobsAlreadyThere,
      int blobsMounted,
      boolean unchanged,
      boolean repositoryCreated) {}

  @Post
  @Secured({"admin", "ci"})
  @Consumes({
    "application/gzip",
    "application/x-gzip",
    "application/x-tar",
    "application/x-compressed-tar",
    MediaType.APPLICATION_OCTET_STREAM
  })
  public HttpResponse<PushView> upload(
      @Body byte[] chart,
      @Nullable @QueryValue String registry,
      @Nullable @QueryValue String namespace,
      @Nullable @QueryValue String created) {
    return push(chart, null, registry, namespace, created);
  }

  /**
   * {@code multipart/form-data}: the package in part {@code chart}, optionally its provenance file
   * in part {@code prov}; {@code registry}, {@code namespace} and {@code created} as query
   * parameters or form fields.
   */
  @Post
  @Secured({"admin", "ci"})
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public HttpResponse<PushView> uploadForm(
      @Nullable @Part("chart") io.micronaut.http.multipart.CompletedFileUpload chart,
      @Nullable @Part("prov") io.micronaut.http.multipart.CompletedFileUpload prov,
      @Nullable @QueryValue String registry,
      @Nullable @QueryValue String namespace,
      @Nullable @QueryValue String created,
      @Nullable @Part("registry") String registryField,
      @Nullable @Part("namespace") String namespaceField,
      @Nullable @Part("created") String createdField) {
    if (chart == null) {
      throw ApiProblem.invalid(
          "chart",
          "is missing",
          "send the .tgz in a form part named chart (and the .prov in prov)");
    }
    try {
      return push(
          chart.getBytes(),
          prov == null ? null : prov.getBytes(),
          registry != null ? registry : registryField,
          namespace != null ? namespace : namespaceField,
          created != null ? created : createdField);
    } catch (java.io.IOException e) {
      throw ApiProblem.invalid("chart", "could not be read: " + e.getMessage(), null);
    }
  }

  private HttpResponse<PushView> push(
      byte[] chart, byte[] provenance, String registry, String namespace, String created) {
    Instant createdAt = null;
    if (created != null) {
      try {
        createdAt = Instant.parse(created);
      } catch (DateTimeParseException e) {
        throw ApiProblem.invalid("created", "is not an RFC 3339 time", "e.g. 2026-11-20T10:00:00Z");
      }
    }
    try {
      PushService.Result result =
          pushes.push(chart, provenance, registry, namespace, createdAt, null);
      var o = result.outcome();
      String versionRef = result.reference().substring(0, result.reference().lastIndexOf(':'));
      return HttpResponse.created(
          new PushView(
              result.registryName(),
              o.repository(),
              result.version(),
              o.tag(),
              o.digest(),
              result.reference(),
              "helm pull " + versionRef + " --version " + result.version(),
              o.uploaded().size(),
              o.existed().size(),
              o.mounted().size(),
              o.alreadyTagged(),
              result.repositoryCreated()));
    } catch (PushFailed e) {
      throw switch (e.kind()) {
        case "chart-rejected" ->
            new ApiProblem(
                422,
                "chart-rejected",
                "The chart package is refused",
                e.getMessage(),
                List.of(new Problem.FieldProblem("body", e.getMessage(), "rule: " + e.rule())));
        case "target" -> ApiProblem.invalid("registry", e.getMessage(), null);
        case "no-credential" ->
            new ApiProblem(
                409, "no-credential", "No credential for the registry", e.getMessage(), List.of());
        default ->
            new ApiProblem(
                502,
                "registry-failed",
                "The registry refused or failed the push",
                e.getMessage(),
                List.of());
      };
    }
  }
}
