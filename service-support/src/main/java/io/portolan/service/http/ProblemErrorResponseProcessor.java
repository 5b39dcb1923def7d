package io.portolan.service.http;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the framework produces (unknown route, wrong method, unreadable body, constraint
 * violations, unexpected exceptions) as problem+json. Messages that might echo request content are
 * replaced by a neutral one, and an unexpected error says only that it was logged, with an id.
 */
@Singleton
@Primary
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponseProcessor.class);

  @Override
  public MutableHttpResponse<Problem> processResponse(
      ErrorContext context, MutableHttpResponse<?> response) {
    int status = response.code();
    String path = context.getRequest().getPath();
    List<Problem.FieldProblem> errors = new ArrayList<>();
    String detail = null;
    if (status >= 500) {
      String id = UUID.randomUUID().toString();
      LOG.error(
          "Unexpected error [{}] answering {} {}",
          id,
          context.getRequest().getMethod(),
          path,
          context.getRootCause().orElse(null));
      detail = "Something went wrong on our side; it is logged with id " + id + ".";
    } else {
      for (var error : context.getErrors()) {
        String message = safe(error.getMessage());
        if (error.getPath().isPresent()) {
          errors.add(new Problem.FieldProblem(fieldPath(error.getPath().get()), message, null));
        } else if (detail == null) {
          detail = message;
        }
      }
      if (detail == null && !errors.isEmpty()) {
        detail = errors.get(0).field() + ": " + errors.get(0).message();
      }
    }
    Problem problem =
        new Problem(Problem.type(slug(status)), title(status), status, detail, path, errors);
    if (context.getRequest().getMethod() == HttpMethod.HEAD) {
      return response.contentType(MediaType.of(Problem.MEDIA_TYPE)).body(null);
    }
    return ((MutableHttpResponse<Problem>) response)
        .contentType(MediaType.of(Problem.MEDIA_TYPE))
        .body(problem);
  }

  /** Drops framework messages that quote the request body. */
  static String safe(String message) {
    if (message == null) {
      return "invalid";
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("failed to convert argument")
        || lower.contains("unexpected character")
        || lower.contains("unrecognized token")
        || lower.contains("error decoding")
        || lower.contains("json")) {
      return "The request body is not valid JSON of the expected shape";
    }
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }

  /** {@code create.request.name} (a constraint path) becomes {@code name}. */
  static String fieldPath(String path) {
    String[] parts = path.split("\\.");
    if (parts.length >= 3) {
      return String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length));
    }
    return path;
  }

  static String slug(int status) {
    return switch (status) {
      case 400 -> "bad-request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 406 -> "not-acceptable";
      case 409 -> "conflict";
      case 412 -> "precondition-failed";
      case 413 -> "payload-too-large";
      case 415 -> "unsupported-media-type";
      case 422 -> "unprocessable";
      case 428 -> "precondition-required";
      default -> status >= 500 ? "internal" : "client-error";
    };
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "The request is invalid";
      case 401 -> "A bearer token is required";
      case 403 -> "The token's role does not allow this";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 409 -> "Conflict";
      case 412 -> "The resource changed since you read it";
      case 413 -> "The request body is too large";
      case 415 -> "Unsupported media type";
      default -> status >= 500 ? "Internal error" : "Request refused";
    };
  }
}
