package io.portolan.catalog.consumer.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.portolan.catalog.auth.Roles;
import io.portolan.catalog.consumer.ConsumerRow;
import io.portolan.catalog.consumer.ConsumerService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;

/** {@code /api/v1/consumers}: injectors, indexers and pushers, and the decision on each. */
@Controller("/api/v1/consumers")
@Tag(name = "consumers")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ConsumerController {
  private final ConsumerService consumers;

  public ConsumerController(ConsumerService consumers) {
    this.consumers = consumers;
  }

  /** A consumer as the API shows it. */
  @Serdeable
  public record ConsumerView(
      String consumerId,
      String kind,
      String state,
      String keyFingerprint,
      @Nullable String approvedFingerprint,
      String capabilities,
      @Nullable String softwareVersion,
      Instant announcedAt,
      @Nullable Instant decidedAt,
      @Nullable String decidedBy) {
    static ConsumerView of(ConsumerRow row) {
      return new ConsumerView(
          row.consumerId(),
          row.kind(),
          row.state(),
          row.keyFingerprint(),
          row.approvedFingerprint(),
          row.capabilities(),
          row.softwareVersion(),
          row.announcedAt(),
          row.decidedAt(),
          row.decidedBy());
    }
  }

  /** Approve: optionally the fingerprint the admin checked. */
  @Serdeable
  public record ApproveRequest(@Nullable String fingerprint) {}

  /** Revoke, with a reason for the record. */
  @Serdeable
  public record RevokeRequest(@Nullable String reason) {}

  @Get
  @Secured({Roles.ADMIN, Roles.VIEWER})
  @Operation(
      summary = "List consumers",
      description =
          "Injectors, indexers and pushers that announced a key, and the decision on each.")
  public List<ConsumerView> listConsumers() {
    return consumers.list().stream().map(ConsumerView::of).toList();
  }

  @Post("/{consumerId}/approve")
  @Secured(Roles.ADMIN)
  @Operation(
      summary = "Approve a consumer's announced key",
      description =
          "Name the fingerprint you checked with the consumer's operator; a different key is"
              + " refused with 409.")
  public ConsumerView approveConsumer(
      @PathVariable String consumerId,
      @Nullable @Body ApproveRequest request,
      Authentication actor) {
    return ConsumerView.of(
        consumers.approve(
            consumerId, request == null ? null : request.fingerprint(), actor.getName()));
  }

  @Post("/{consumerId}/revoke")
  @Secured(Roles.ADMIN)
  @Operation(
      summary = "Revoke a consumer",
      description = "It loses every credential; a new announcement needs a new approval.")
  public ConsumerView revokeConsumer(
      @PathVariable String consumerId,
      @Nullable @Body RevokeRequest request,
      Authentication actor) {
    return ConsumerView.of(
        consumers.revoke(consumerId, request == null ? null : request.reason(), actor.getName()));
  }
}
