package io.portolan.catalog.consumer;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import io.portolan.catalog.audit.AuditLog;
import io.portolan.events.ConsumerAnnounced;
import io.portolan.events.ConsumerKind;
import io.portolan.sealing.AtRestCipher;
import io.portolan.sealing.JoinProofs;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.Secret;
import io.portolan.service.http.ApiProblem;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-time join tokens: an admin creates one for a consumer about to start (optionally only for one
 * kind and name); the consumer proves it holds the token in its announcement; the first valid proof
 * approves the consumer and uses the token up. The token is stored encrypted (a proof is an HMAC
 * under it, so the catalog needs it), and never returned after creation.
 *
 * <p>Thread-safe.
 */
@Singleton
public class JoinTokens {
  private static final Logger LOG = LoggerFactory.getLogger(JoinTokens.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  public static final Duration MAX_LIFETIME = Duration.ofDays(7);

  /** A token as created: the only time its value is known. */
  public record Created(JoinTokenRow row, Secret token) {}

  private final JoinTokenRepository repository;
  private final AtRestCipher cipher;
  private final AuditLog audit;
  private final Clock clock = Clock.systemUTC();

  public JoinTokens(JoinTokenRepository repository, AtRestCipher cipher, AuditLog audit) {
    this.repository = repository;
    this.cipher = cipher;
    this.audit = audit;
  }

  @Transactional
  public Created create(
      ConsumerKind kind, String consumerName, String description, Duration lifetime, String actor) {
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw ApiProblem.invalid(
          "expiresInMinutes", "must be between 1 and " + MAX_LIFETIME.toMinutes(), null);
    }
    byte[] idBytes = new byte[9];
    RANDOM.nextBytes(idBytes);
    String id = "jt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
    byte[] tokenBytes = new byte[32];
    RANDOM.nextBytes(tokenBytes);
    Secret token =
        Secret.of("pjt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(tokenBytes));
    byte[] ciphertext =
        cipher.encrypt(token.reveal().getBytes(StandardCharsets.UTF_8), "join-token:" + id);
    Instant now = clock.instant();
    JoinTokenRow row =
        new JoinTokenRow(
            id,
            ciphertext,
            AtRestCipher.keyIdOf(ciphertext),
            kind == null ? null : kind.name(),
            consumerName,
            description,
            now.plus(lifetime),
            null,
            null,
            now,
            actor);
    repository.save(row);
    Map<String, Object> details = new HashMap<>();
    details.put("kind", row.kind());
    details.put("consumerName", consumerName);
    details.put("expiresAt", row.expiresAt().toString());
    audit.record(actor, "join-token.created", "join-token", id, description, details);
    return new Created(row, token);
  }

  public List<JoinTokenRow> list() {
    return repository.findAllOrderByCreatedAtDesc();
  }

  @Transactional
  public void delete(String id, String actor) {
    JoinTokenRow row =
        repository.findById(id).orElseThrow(() -> ApiProblem.notFound("join token " + id));
    repository.delete(row);
    audit.record(actor, "join-token.deleted", "join-token", id, row.description(), Map.of());
  }

  /**
   * Checks an announcement's proof and, when it is valid, uses the token up. Runs in the caller's
   * transaction, so the token is spent exactly when the approval commits.
   *
   * @return why the proof is refused, or empty when it was accepted
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public Optional<String> redeem(ConsumerAnnounced announced) {
    Optional<JoinTokenRow> found = repository.findByIdForUpdate(announced.joinTokenId());
    if (found.isEmpty()) {
      return Optional.of("unknown join token");
    }
    JoinTokenRow row = found.get();
    if (row.usedAt() != null) {
      return Optional.of("join token already used by " + row.usedBy());
    }
    if (!clock.instant().isBefore(row.expiresAt())) {
      return Optional.of("join token expired at " + row.expiresAt());
    }
    ConsumerKind kind = ConsumerKind.ofConsumerId(announced.consumerId());
    if (row.kind() != null && !row.kind().equals(kind.name())) {
      return Optional.of("join token is for a " + row.kind() + ", not a " + kind);
    }
    if (row.consumerName() != null
        && !announced.consumerId().equals(kind.consumerId(row.consumerName()))) {
      return Optional.of("join token is for " + kind.consumerId(row.consumerName()));
    }
    Secret token;
    try {
      token =
          Secret.of(
              new String(
                  cipher.decrypt(row.tokenCiphertext(), "join-token:" + row.id()),
                  StandardCharsets.UTF_8));
    } catch (SealingException e) {
      LOG.error("Join token [{}] cannot be decrypted: {}", row.id(), e.getMessage());
      return Optional.of("join token cannot be read");
    }
    if (!JoinProofs.verify(
        token, announced.consumerId(), announced.keyFingerprint(), announced.joinProof())) {
      return Optional.of("the proof does not match the join token and the announced key");
    }
    repository.update(
        new JoinTokenRow(
            row.id(),
            row.tokenCiphertext(),
            row.tokenKeyId(),
            row.kind(),
            row.consumerName(),
            row.description(),
            row.expiresAt(),
            clock.instant(),
            announced.consumerId(),
            row.createdAt(),
            row.createdBy()));
    return Optional.empty();
  }

  /** Tokens still encrypted under a key other than the primary. */
  public long countUnderOldKeys() {
    return repository.countEncryptedUnderOtherKeys(cipher.primaryKeyId());
  }

  /** Re-encrypts tokens written under an old master key; returns how many. */
  @Transactional
  public int reencryptBatch(int batch) {
    List<JoinTokenRow> rows = repository.findEncryptedUnder(cipher.primaryKeyId(), batch);
    for (JoinTokenRow row : rows) {
      try {
        byte[] plain = cipher.decrypt(row.tokenCiphertext(), "join-token:" + row.id());
        byte[] rewritten = cipher.encrypt(plain, "join-token:" + row.id());
        java.util.Arrays.fill(plain, (byte) 0);
        repository.update(
            new JoinTokenRow(
                row.id(),
                rewritten,
                AtRestCipher.keyIdOf(rewritten),
                row.kind(),
                row.consumerName(),
                row.description(),
                row.expiresAt(),
                row.usedAt(),
                row.usedBy(),
                row.createdAt(),
                row.createdBy()));
      } catch (SealingException e) {
        throw new IllegalStateException(
            "Join token " + row.id() + " cannot be decrypted: " + e.getMessage(), e);
      }
    }
    return rows.size();
  }
}
