package io.portolan.catalog.consumer;

import io.micronaut.transaction.annotation.Transactional;
import io.portolan.catalog.audit.AuditLog;
import io.portolan.catalog.config.CatalogConfig;
import io.portolan.catalog.outbox.Outbox;
import io.portolan.events.Capability;
import io.portolan.events.ConsumerAnnounced;
import io.portolan.events.ConsumerApproved;
import io.portolan.events.ConsumerKind;
import io.portolan.events.ConsumerRevoked;
import io.portolan.sealing.JoinProofs;
import io.portolan.sealing.Sealer;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.Secret;
import io.portolan.service.http.ApiProblem;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records consumers' announcements and decides whom to trust. Every decision is written with its
 * {@code consumers.approved} event in one transaction. An announcement for a key that is already
 * approved changes nothing, so a consumer may announce at every start.
 *
 * <p>Thread-safe.
 */
@Singleton
public class ConsumerService {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerService.class);
  public static final String APPROVED = "APPROVED";
  public static final String PENDING = "PENDING";
  public static final String REVOKED = "REVOKED";

  /** The id consumers name when they prove the configured bootstrap join token. */
  public static final String BOOTSTRAP_JOIN_TOKEN_ID = "bootstrap";

  private final ConsumerRepository repository;
  private final Outbox outbox;
  private final CatalogConfig config;
  private final JoinTokens joinTokens;
  private final AuditLog audit;
  private final Clock clock = Clock.systemUTC();

  public ConsumerService(
      ConsumerRepository repository,
      Outbox outbox,
      CatalogConfig config,
      JoinTokens joinTokens,
      AuditLog audit) {
    this.repository = repository;
    this.outbox = outbox;
    this.config = config;
    this.joinTokens = joinTokens;
    this.audit = audit;
  }

  @Transactional
  public void recordAnnouncement(ConsumerAnnounced announced) {
    ConsumerKind kind = ConsumerKind.ofConsumerId(announced.consumerId());
    String fingerprint;
    try {
      fingerprint = Sealer.forPublicKeyset(announced.publicKeyset()).fingerprint();
    } catch (SealingException e) {
      LOG.warn(
          "Consumer [{}] announced a key that is not a Tink hybrid public keyset; ignored",
          announced.consumerId());
      return;
    }
    if (!fingerprint.equals(announced.keyFingerprint())) {
      LOG.warn(
          "Consumer [{}] announced fingerprint [{}] but its key's fingerprint is [{}]; ignored",
          announced.consumerId(),
          announced.keyFingerprint(),
          fingerprint);
      return;
    }
    var existing = repository.findByIdForUpdate(announced.consumerId());
    if (existing.isPresent()
        && APPROVED.equals(existing.get().state())
        && announced.keyFingerprint().equals(existing.get().approvedFingerprint())) {
      return; // already trusted with this key
    }
    Instant now = clock.instant();
    ConsumerRow row =
        new ConsumerRow(
            announced.consumerId(),
            kind.name(),
            announced.publicKeyset(),
            announced.keyFingerprint(),
            capabilities(announced.capabilities()),
            existing.map(ConsumerRow::state).filter(REVOKED::equals).orElse(PENDING),
            existing.map(ConsumerRow::approvedFingerprint).orElse(null),
            announced.softwareVersion(),
            now,
            existing.map(ConsumerRow::decidedAt).orElse(null),
            existing.map(ConsumerRow::decidedBy).orElse(null));
    if (existing.isPresent()) {
      repository.update(row);
    } else {
      repository.save(row);
    }
    if (!REVOKED.equals(row.state()) && joinProofValid(announced)) {
      approve(row, "join-token:" + announced.joinTokenId());
      return;
    }
    LOG.info(
        "Consumer [{}] announced key [{}]; it waits for an admin's approval",
        announced.consumerId(),
        announced.keyFingerprint());
  }

  /**
   * Approves the consumer's announced key.
   *
   * @param expectedFingerprint the fingerprint the admin checked, or null
   */
  @Transactional
  public ConsumerRow approve(String consumerId, String expectedFingerprint, String actor) {
    ConsumerRow row =
        repository
            .findByIdForUpdate(consumerId)
            .orElseThrow(() -> ApiProblem.notFound("consumer " + consumerId));
    if (expectedFingerprint != null && !expectedFingerprint.equals(row.keyFingerprint())) {
      throw ApiProblem.conflict(
          "fingerprint",
          "the consumer now presents key " + row.keyFingerprint() + ", not " + expectedFingerprint);
    }
    return approve(row, actor);
  }

  private ConsumerRow approve(ConsumerRow row, String actor) {
    Instant now = clock.instant();
    ConsumerRow approved =
        new ConsumerRow(
            row.consumerId(),
            row.kind(),
            row.publicKeyset(),
            row.keyFingerprint(),
            row.capabilities(),
            APPROVED,
            row.keyFingerprint(),
            row.softwareVersion(),
            row.announcedAt(),
            now,
            actor);
    repository.update(approved);
    audit.record(
        actor,
        "consumer.approved",
        "consumer",
        row.consumerId(),
        row.consumerId(),
        Map.of("keyFingerprint", row.keyFingerprint()));
    outbox.add(
        new ConsumerApproved(
            row.consumerId(),
            ConsumerKind.valueOf(row.kind()),
            row.publicKeyset(),
            row.keyFingerprint(),
            parseCapabilities(row.capabilities()),
            actor,
            now));
    LOG.info(
        "Consumer [{}] approved with key [{}] by [{}]",
        row.consumerId(),
        row.keyFingerprint(),
        actor);
    return approved;
  }

  @Transactional
  public ConsumerRow revoke(String consumerId, String reason, String actor) {
    ConsumerRow row =
        repository
            .findByIdForUpdate(consumerId)
            .orElseThrow(() -> ApiProblem.notFound("consumer " + consumerId));
    Instant now = clock.instant();
    ConsumerRow revoked =
        new ConsumerRow(
            row.consumerId(),
            row.kind(),
            row.publicKeyset(),
            row.keyFingerprint(),
            row.capabilities(),
            REVOKED,
            null,
            row.softwareVersion(),
            row.announcedAt(),
            now,
            actor);
    repository.update(revoked);
    outbox.add(new ConsumerRevoked(consumerId, actor, reason, now));
    audit.record(
        actor,
        "consumer.revoked",
        "consumer",
        consumerId,
        consumerId,
        reason == null ? Map.of() : Map.of("reason", reason));
    LOG.info("Consumer [{}] revoked by [{}]", consumerId, actor);
    return revoked;
  }

  public List<ConsumerRow> list() {
    return repository.findAllOrderByConsumerId();
  }

  private boolean joinProofValid(ConsumerAnnounced announced) {
    if (announced.joinProof() == null || announced.joinTokenId() == null) {
      return false;
    }
    if (BOOTSTRAP_JOIN_TOKEN_ID.equals(announced.joinTokenId())) {
      String token = config.bootstrapJoinToken();
      boolean valid =
          token != null
              && !token.isBlank()
              && JoinProofs.verify(
                  Secret.of(token),
                  announced.consumerId(),
                  announced.keyFingerprint(),
                  announced.joinProof());
      if (!valid) {
        LOG.warn(
            "Consumer [{}] presented an invalid bootstrap join-token proof",
            announced.consumerId());
      }
      return valid;
    }
    Optional<String> refused = joinTokens.redeem(announced);
    refused.ifPresent(
        why -> LOG.warn("Consumer [{}] join-token proof refused: {}", announced.consumerId(), why));
    return refused.isEmpty();
  }

  static String capabilities(Set<Capability> capabilities) {
    return capabilities.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
  }

  static Set<Capability> parseCapabilities(String value) {
    Set<Capability> result = EnumSet.noneOf(Capability.class);
    Arrays.stream(value.split(","))
        .filter(s -> !s.isBlank())
        .forEach(s -> result.add(Capability.valueOf(s)));
    return result;
  }
}
