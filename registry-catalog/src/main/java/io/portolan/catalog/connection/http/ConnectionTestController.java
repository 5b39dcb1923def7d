package io.portolan.catalog.connection.http;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.portolan.catalog.auth.Roles;
import io.portolan.catalog.connection.ConnectionTester;
import io.portolan.service.http.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code POST /api/v1/registries/{id}/test-connection}. */
@Controller("/api/v1/registries")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(Roles.ADMIN)
@Tag(name = "registries")
public class ConnectionTestController {
  private final ConnectionTester tester;

  public ConnectionTestController(ConnectionTester tester) {
    this.tester = tester;
  }

  /** One step: {@code mint} or {@code credentials}, then {@code login}. */
  @Serdeable
  public record StepView(String step, boolean ok, String detail) {}

  /** Whether every step passed, and what each found. */
  @Serdeable
  public record ResultView(
      String registryId,
      String name,
      boolean ok,
      List<StepView> steps,
      long durationMillis,
      Instant testedAt) {}

  @Post("/{id}/test-connection")
  @Operation(
      operationId = "testRegistryConnection",
      summary = "Test a registry with its stored credentials",
      description =
          "Mints a pull credential where the provider mints (ECR, Google access tokens, ACR through"
              + " Entra) and logs in through the registry's /v2/ challenge. A failed test is a 200"
              + " with ok=false and the failing step in words.")
  public ResultView testConnection(@PathVariable String id, Authentication actor) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("registry " + id);
    }
    ConnectionTester.Result r = tester.test(uuid, actor.getName());
    return new ResultView(
        r.registryId(),
        r.name(),
        r.ok(),
        r.steps().stream().map(s -> new StepView(s.step(), s.ok(), s.detail())).toList(),
        r.durationMillis(),
        r.testedAt());
  }
}
