package io.portolan.catalog.crypto.http;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.portolan.catalog.auth.Roles;
import io.portolan.catalog.crypto.SecretRotation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code /api/v1/maintenance}: re-encrypt secrets after rotating the master keyset. */
@Controller("/api/v1/maintenance")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(Roles.ADMIN)
@Tag(name = "maintenance")
public class MaintenanceController {
  private final SecretRotation rotation;

  public MaintenanceController(SecretRotation rotation) {
    this.rotation = rotation;
  }

  /** How many rows were rewritten, and under which key. */
  @Serdeable
  public record ReencryptView(
      int registries, int joinTokens, int primaryKeyId, long remainingUnderOldKeys) {}

  @Post("/re-encrypt")
  @Operation(
      summary = "Re-encrypt every secret under the current primary key",
      description =
          "Run after deploying a rotated master keyset (new primary plus the old keys). Also"
              + " available as a command: CatalogApplication re-encrypt-secrets.")
  public ReencryptView reencryptSecrets(Authentication actor) {
    SecretRotation.Result r = rotation.reencryptAll(actor.getName());
    return new ReencryptView(
        r.registries(), r.joinTokens(), r.primaryKeyId(), r.remainingUnderOldKeys());
  }
}
