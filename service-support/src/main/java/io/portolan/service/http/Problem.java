package io.portolan.service.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}).
 *
 * @param type a stable URN naming the kind of problem, e.g. {@code
 *     urn:portolan:problem:invalid-field}
 * @param errors each field that was wrong, with what to do about it
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    @Nullable String detail,
    @Nullable String instance,
    @Nullable List<FieldProblem> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /**
   * One wrong field: its JSON path (e.g. {@code credentials.region}), what is wrong, and a hint.
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record FieldProblem(String field, String message, @Nullable String hint) {}

  public static String type(String slug) {
    return "urn:portolan:problem:" + slug;
  }
}
