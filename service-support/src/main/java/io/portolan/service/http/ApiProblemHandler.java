package io.portolan.service.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Turns {@link ApiProblem}s into problem+json responses. */
@Produces
@Singleton
@Requires(classes = {ApiProblem.class, ExceptionHandler.class})
public class ApiProblemHandler implements ExceptionHandler<ApiProblem, HttpResponse<Problem>> {
  @Override
  public HttpResponse<Problem> handle(HttpRequest request, ApiProblem problem) {
    return HttpResponse.<Problem>status(io.micronaut.http.HttpStatus.valueOf(problem.status()))
        .contentType(MediaType.of(Problem.MEDIA_TYPE))
        .body(problem.toProblem(request.getPath()));
  }
}
