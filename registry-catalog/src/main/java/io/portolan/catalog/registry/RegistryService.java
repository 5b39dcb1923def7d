package io.portolan.catalog.registry;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.transaction.annotation.Transactional;
import io.portolan.catalog.outbox.Outbox;
import io.portolan.catalog.registry.jdbc.RegistryRepository;
import io.portolan.catalog.registry.jdbc.RegistryRow;
import io.portolan.events.EventJson;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.SealedBox;
import io.portolan.events.Visibility;
import io.portolan.events.sealed.RootCredentials;
import io.portolan.sealing.AtRestCipher;
import io.portolan.sealing.Sealer;
import io.portolan.sealing.SealingException;
import io.portolan.service.http.ApiProblem;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores registries and announces every change: the row and its {@link RegistryChanged} event are
 * written in one transaction (through the outbox). Secrets are encrypted at rest under the master
 * keyset, bound to the registry id, and leave the catalog only sealed to the minter.
 *
 * <p>Thread-safe (stateless; the database serializes writers).
 */
@Singleton
public class RegistryService {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryService.class);

  private final RegistryRepository repository;
  private final Outbox outbox;
  private final AtRestCipher cipher;
  private final Sealer minter;
  private final Clock clock = Clock.systemUTC();

  public RegistryService(
      RegistryRepository repository, Outbox outbox, AtRestCipher cipher, Sealer minter) {
    this.repository = repository;
    this.outbox = outbox;
    this.cipher = cipher;
    this.minter = minter;
  }

  /** The context root credentials are sealed under, bound to the registry. */
  public static String rootSealingContext(String registryId) {
    return "root:" + registryId;
  }

  @Transactional
  public Registry create(RegistryRequest request, String actor) {
    RegistrySnapshot snapshot = request.snapshot();
    if (repository.existsByName(snapshot.name())) {
      throw ApiProblem.conflict("name", "a registry named " + snapshot.name() + " already exists");
    }
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    if (snapshot.defaultRegistry()) {
      clearOtherDefaults(id, actor);
    }
    RootCredentials secrets =
        snapshot.visibility() == Visibility.PUBLIC && request.secretsGiven().isEmpty()
            ? null
            : request.secrets();
    byte[] ciphertext = secrets == null ? null : encrypt(id, secrets);
    RegistryRow row =
        new RegistryRow(
            id,
            snapshot.name(),
            snapshot.provider().name(),
            snapshot.url(),
            snapshot.defaultRegistry(),
            1,
            toJson(snapshot),
            ciphertext,
            ciphertext == null ? null : (long) AtRestCipher.keyIdOf(ciphertext),
            String.join(",", request.secretsGiven()),
            now,
            now,
            actor,
            actor);
    try {
      repository.save(row);
    } catch (DataAccessException e) {
      throw ApiProblem.conflict("name", "a registry named " + snapshot.name() + " already exists");
    }
    outbox.add(changed(row, snapshot, secrets, false));
    LOG.info("Registry [{}] ({}) created by [{}]", snapshot.name(), id, actor);
    return toRegistry(row);
  }

  public Optional<Registry> get(UUID id) {
    return repository.findById(id).map(this::toRegistry);
  }

  public Optional<Registry> findByName(String name) {
    return repository.findByName(name).map(this::toRegistry);
  }

  public Page<Registry> list(String provider, Pageable pageable) {
    Page<RegistryRow> rows =
        provider == null
            ? repository.findAll(pageable)
            : repository.findByProvider(provider, pageable);
    return rows.map(this::toRegistry);
  }

  /**
   * Deletes a registry and announces it (consumers revoke its credentials).
   *
   * @param expectedRevision the revision the caller read (If-Match), or null
   */
  @Transactional
  public void delete(UUID id, Long expectedRevision, String actor) {
    RegistryRow row =
        repository.findByIdForUpdate(id).orElseThrow(() -> ApiProblem.notFound("registry " + id));
    checkRevision(row, expectedRevision);
    repository.delete(row);
    RegistrySnapshot snapshot = fromJson(row.snapshot());
    RegistryRow tombstone =
        new RegistryRow(
            row.id(),
            row.name(),
            row.provider(),
            row.url(),
            false,
            row.revision() + 1,
            row.snapshot(),
            null,
            null,
            "",
            row.createdAt(),
            clock.instant(),
            row.createdBy(),
            actor);
    outbox.add(changed(tombstone, snapshot, null, true));
    LOG.info("Registry [{}] ({}) deleted by [{}]", row.name(), id, actor);
  }

  private void clearOtherDefaults(UUID keep, String actor) {
    repository
        .findAll()
        .forEach(
            other -> {
              if (other.defaultRegistry() && !other.id().equals(keep)) {
                RegistrySnapshot was = fromJson(other.snapshot());
                RegistrySnapshot now = withDefault(was, false);
                RegistryRow updated =
                    new RegistryRow(
                        other.id(),
                        other.name(),
                        other.provider(),
                        other.url(),
                        false,
                        other.revision() + 1,
                        toJson(now),
                        other.secrets(),
                        other.secretsKeyId(),
                        other.secretsSet(),
                        other.createdAt(),
                        clock.instant(),
                        other.createdBy(),
                        actor);
                repository.update(updated);
                outbox.add(changed(updated, now, decrypt(other), false));
              }
            });
  }

  static RegistrySnapshot withDefault(RegistrySnapshot s, boolean isDefault) {
    return new RegistrySnapshot(
        s.name(),
        s.provider(),
        s.url(),
        s.organization(),
        s.visibility(),
        s.settings(),
        s.tls(),
        s.connection(),
        s.usage(),
        isDefault,
        s.access(),
        s.tokenRefreshMinutes());
  }

  private static void checkRevision(RegistryRow row, Long expected) {
    if (expected != null && expected != row.revision()) {
      throw new ApiProblem(
          412,
          "stale-revision",
          "The registry changed since you read it",
          "revision is " + row.revision() + ", If-Match said " + expected + "; read it again",
          java.util.List.of());
    }
  }

  private RegistryChanged changed(
      RegistryRow row, RegistrySnapshot snapshot, RootCredentials secrets, boolean deleted) {
    SealedBox sealed =
        secrets == null ? null : minter.sealJson(secrets, rootSealingContext(row.id().toString()));
    return new RegistryChanged(
        row.id().toString(), row.revision(), deleted, snapshot, sealed, row.updatedAt());
  }

  private byte[] encrypt(UUID id, RootCredentials secrets) {
    try {
      return cipher.encrypt(EventJson.mapper().writeValueAsBytes(secrets), "registry:" + id);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  RootCredentials decrypt(RegistryRow row) {
    if (row.secrets() == null) {
      return null;
    }
    byte[] plain = null;
    try {
      plain = cipher.decrypt(row.secrets(), "registry:" + row.id());
      return EventJson.mapper().readValue(plain, RootCredentials.class);
    } catch (SealingException | IOException e) {
      throw new IllegalStateException(
          "Could not decrypt the secrets of registry [" + row.id() + "]: " + e.getMessage(), e);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private Registry toRegistry(RegistryRow row) {
    Set<String> set = new LinkedHashSet<>();
    for (String name : row.secretsSet().split(",")) {
      if (!name.isBlank()) {
        set.add(name);
      }
    }
    return new Registry(
        row.id(), fromJson(row.snapshot()), set, row.revision(), row.createdAt(), row.updatedAt());
  }

  static String toJson(RegistrySnapshot snapshot) {
    try {
      return EventJson.mapper().writeValueAsString(snapshot);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static RegistrySnapshot fromJson(String json) {
    try {
      return EventJson.mapper().readValue(json, RegistrySnapshot.class);
    } catch (IOException e) {
      throw new IllegalStateException("A stored registry snapshot is not readable", e);
    }
  }
}
