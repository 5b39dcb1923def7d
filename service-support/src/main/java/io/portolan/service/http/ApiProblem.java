package io.portolan.service.http;

import java.util.List;

/**
 * A request the API refuses, with what was wrong. Thrown by services and controllers, turned into
 * problem+json by {@link ApiProblemHandler}. Messages never hold secret values.
 */
public class ApiProblem extends RuntimeException {
  private final int status;
  private final String slug;
  private final String title;
  private final List<Problem.FieldProblem> errors;

  public ApiProblem(
      int status, String slug, String title, String detail, List<Problem.FieldProblem> errors) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** 400 with one or more wrong fields. */
  public static ApiProblem invalid(List<Problem.FieldProblem> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid";
    return new ApiProblem(400, "invalid-request", "The request is invalid", detail, errors);
  }

  public static ApiProblem invalid(String field, String message, String hint) {
    return invalid(List.of(new Problem.FieldProblem(field, message, hint)));
  }

  public static ApiProblem notFound(String what) {
    return new ApiProblem(404, "not-found", "Not found", what + " does not exist", List.of());
  }

  public static ApiProblem conflict(String field, String message) {
    return new ApiProblem(
        409,
        "conflict",
        "Conflict",
        message,
        List.of(new Problem.FieldProblem(field, message, null)));
  }

  public int status() {
    return status;
  }

  public Problem toProblem(String instance) {
    return new Problem(Problem.type(slug), title, status, getMessage(), instance, errors);
  }
}
