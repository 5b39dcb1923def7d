package io.portolan.catalog.registry;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.annotation.Transactional;
import io.portolan.catalog.audit.AuditLog;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores registries and announces every change: the row, its {@link RegistryChanged} event (through
 * the outbox) and the audit entry are written in one transaction. Secrets are encrypted at rest
 * under the master keyset, bound to the registry id, and leave the catalog only sealed to the
 * minter.
 *
 * <p>Thread-safe (stateless; the database serializes writers on the row lock).
 */
@Singleton
public class RegistryService {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryService.class);

  private final RegistryRepository repository;
  private final Outbox outbox;
  private final AuditLog audit;
  private final AtRestCipher cipher;
  private final Sealer minter;
  private final Clock clock = Clock.systemUTC();

  public RegistryService(
      RegistryRepository repository,
      Outbox outbox,
      AuditLog audit,
      AtRestCipher cipher,
      Sealer minter) {
    this.repository = repository;
    this.outbox = outbox;
    this.audit = audit;
    this.cipher = cipher;
    this.minter = minter;
  }

  /** The context root credentials are sealed under, bound to the registry. */
  public static String rootSealingContext(String registryId) {
    return "root:" + registryId;
  }

  /** Filters for {@link #list}; null fields match anything. */
  public record Filter(
      String provider, String name, Boolean pushHelm, Boolean chartRepository, Boolean isDefault) {}

  /** A page of registries and how many match in all. */
  public record Page(List<Registry> items, long total) {}

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
    RootCredentials secrets = keep(snapshot, request.secrets(), request.secretsGiven());
    RegistryRow row = row(id, snapshot, secrets, request.secretsGiven(), 1, now, now, actor, actor);
    try {
      repository.save(row);
    } catch (DataAccessException e) {
      throw ApiProblem.conflict("name", "a registry named " + snapshot.name() + " already exists");
    }
    outbox.add(changed(row, snapshot, secrets, false));
    audit.record(
        actor,
        "registry.created",
        "registry",
        id.toString(),
        snapshot.name(),
        Map.of("secretsSet", request.secretsGiven()));
    LOG.info("Registry [{}] ({}) created by [{}]", snapshot.name(), id, actor);
    return toRegistry(row);
  }

  /**
   * Replaces a registry with what {@code requestFor} builds from its current state (a PUT body, or
   * a merge patch applied to it). Secrets the request leaves out keep their stored values. A
   * request that changes nothing writes nothing.
   *
   * @param expectedRevision the revision the caller read (If-Match), or null
   */
  @Transactional
  public Registry update(
      UUID id,
      Long expectedRevision,
      String actor,
      Function<Registry, RegistryRequest> requestFor) {
    RegistryRow current =
        repository.findByIdForUpdate(id).orElseThrow(() -> ApiProblem.notFound("registry " + id));
    checkRevision(current, expectedRevision);
    Registry before = toRegistry(current);
    RegistryRequest request = requestFor.apply(before);
    RegistrySnapshot snapshot = request.snapshot();
    if (!snapshot.name().equals(current.name()) && repository.existsByName(snapshot.name())) {
      throw ApiProblem.conflict("name", "a registry named " + snapshot.name() + " already exists");
    }
    RootCredentials stored = decrypt(current);
    RootCredentials merged = mergeSecrets(stored, request);
    Set<String> secretsSet = new TreeSet<>(before.secretsSet());
    secretsSet.addAll(request.secretsGiven());
    secretsSet.removeAll(request.secretsRemoved());
    snapshot = keepDerived(snapshot, before.snapshot(), request);
    RootCredentials secrets = keep(snapshot, merged, secretsSet);
    if (secrets == null) {
      secretsSet.clear();
    }
    if (snapshot.equals(before.snapshot())
        && Objects.equals(secrets, stored)
        && secretsSet.equals(before.secretsSet())) {
      return before; // nothing to change: no new revision, no event
    }
    if (snapshot.defaultRegistry() && !before.snapshot().defaultRegistry()) {
      clearOtherDefaults(id, actor);
    }
    RegistryRow updated =
        row(
            id,
            snapshot,
            secrets,
            secretsSet,
            current.revision() + 1,
            current.createdAt(),
            clock.instant(),
            current.createdBy(),
            actor);
    try {
      repository.update(updated);
    } catch (DataAccessException e) {
      throw ApiProblem.conflict("name", "a registry named " + snapshot.name() + " already exists");
    }
    outbox.add(changed(updated, snapshot, secrets, false));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("changed", RegistryDiff.changedPaths(before.snapshot(), snapshot));
    details.put("secretsChanged", request.secretsGiven());
    details.put("secretsRemoved", request.secretsRemoved());
    details.put("revision", updated.revision());
    audit.record(actor, "registry.updated", "registry", id.toString(), snapshot.name(), details);
    LOG.info(
        "Registry [{}] ({}) updated to revision {} by [{}]",
        snapshot.name(),
        id,
        updated.revision(),
        actor);
    return toRegistry(updated);
  }

  public Optional<Registry> get(UUID id) {
    return repository.findById(id).map(this::toRegistry);
  }

  public Optional<Registry> findByName(String name) {
    return repository.findByName(name).map(this::toRegistry);
  }

  public Page list(Filter f, int page, int size) {
    List<Registry> items =
        repository
            .search(
                f.provider(),
                f.name(),
                f.pushHelm(),
                f.chartRepository(),
                f.isDefault(),
                size,
                (long) page * size)
            .stream()
            .map(this::toRegistry)
            .toList();
    long total =
        repository.countMatching(
            f.provider(), f.name(), f.pushHelm(), f.chartRepository(), f.isDefault());
    return new Page(items, total);
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
    RegistrySnapshot gone = withDefault(fromJson(row.snapshot()), false);
    RegistryRow tombstone =
        row(
            row.id(),
            gone,
            null,
            Set.of(),
            row.revision() + 1,
            row.createdAt(),
            clock.instant(),
            row.createdBy(),
            actor);
    outbox.add(changed(tombstone, gone, null, true));
    audit.record(actor, "registry.deleted", "registry", id.toString(), row.name(), Map.of());
    LOG.info("Registry [{}] ({}) deleted by [{}]", row.name(), id, actor);
  }

  /** The stored root credentials, for the test-connection action. */
  public Optional<RootCredentials> rootCredentials(UUID id) {
    return repository.findById(id).map(this::decrypt);
  }

  /**
   * Re-encrypts up to {@code batch} rows written under another key than the current primary, in one
   * transaction; returns how many it rewrote. Revisions and events are untouched (the secrets
   * themselves do not change).
   */
  @Transactional
  /** Rows whose secrets are still under a key other than the primary. */
  public long countUnderOldKeys() {
    return repository.countEncryptedUnderOtherKeys(cipher.primaryKeyId());
  }

  public int reencryptBatch(int batch) {
    List<RegistryRow> rows = repository.findEncryptedUnder(cipher.primaryKeyId(), batch);
    for (RegistryRow row : rows) {
      byte[] rewritten = encrypt(row.id(), decrypt(row));
      repository.update(
          new RegistryRow(
              row.id(),
              row.name(),
              row.provider(),
              row.url(),
              row.defaultRegistry(),
              row.pushHelm(),
              row.chartRepository(),
              row.revision(),
              row.snapshot(),
              rewritten,
              (long) AtRestCipher.keyIdOf(rewritten),
              row.secretsSet(),
              row.createdAt(),
              row.updatedAt(),
              row.createdBy(),
              row.updatedBy()));
    }
    return rows.size();
  }

  private void clearOtherDefaults(UUID keep, String actor) {
    for (RegistryRow other : repository.findOtherDefaultsForUpdate(keep)) {
      RegistrySnapshot now = withDefault(fromJson(other.snapshot()), false);
      RootCredentials secrets = decrypt(other);
      RegistryRow updated =
          row(
              other.id(),
              now,
              secrets,
              split(other.secretsSet()),
              other.revision() + 1,
              other.createdAt(),
              clock.instant(),
              other.createdBy(),
              actor);
      repository.update(updated);
      outbox.add(changed(updated, now, secrets, false));
      audit.record(
          actor,
          "registry.updated",
          "registry",
          other.id().toString(),
          other.name(),
          Map.of(
              "changed", List.of("defaultRegistry"), "because", "another registry became default"));
    }
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

  /** A public registry without secrets keeps none; otherwise the secrets stand. */
  private static RootCredentials keep(
      RegistrySnapshot snapshot, RootCredentials secrets, Set<String> secretsSet) {
    if (snapshot.visibility() == Visibility.PUBLIC && secretsSet.isEmpty()) {
      return null;
    }
    return secrets;
  }

  /** Fields derived from a secret that an update without that secret must keep. */
  private static RegistrySnapshot keepDerived(
      RegistrySnapshot next, RegistrySnapshot before, RegistryRequest request) {
    RegistrySnapshot.ProviderSettings p = next.settings();
    if (p.clientEmail() == null
        && before.settings().clientEmail() != null
        && !request.secretsGiven().contains("credentials.serviceAccountKey")
        && !request.secretsRemoved().contains("credentials.serviceAccountKey")) {
      p =
          new RegistrySnapshot.ProviderSettings(
              p.username(),
              p.authMode(),
              p.region(),
              p.accountId(),
              p.roleArn(),
              before.settings().clientEmail(),
              p.tenantId(),
              p.jsonKeyEncoding(),
              p.createRepositories());
      return new RegistrySnapshot(
          next.name(),
          next.provider(),
          next.url(),
          next.organization(),
          next.visibility(),
          p,
          next.tls(),
          next.connection(),
          next.usage(),
          next.defaultRegistry(),
          next.access(),
          next.tokenRefreshMinutes());
    }
    return next;
  }

  private static RootCredentials mergeSecrets(RootCredentials stored, RegistryRequest request) {
    RootCredentials given = request.secrets();
    RootCredentials s =
        stored != null
            ? stored
            : new RootCredentials(
                RootCredentials.SCHEMA_VERSION, null, null, null, null, null, null, null, null);
    Set<String> g = request.secretsGiven();
    Set<String> r = request.secretsRemoved();
    return new RootCredentials(
        RootCredentials.SCHEMA_VERSION,
        given.username(),
        pick("credentials.password", given.password(), s.password(), g, r),
        pick("credentials.accessKeyId", given.accessKeyId(), s.accessKeyId(), g, r),
        pick("credentials.secretAccessKey", given.secretAccessKey(), s.secretAccessKey(), g, r),
        pick(
            "credentials.serviceAccountKey",
            given.serviceAccountKey(),
            s.serviceAccountKey(),
            g,
            r),
        pick("connection.proxy.password", given.proxyPassword(), s.proxyPassword(), g, r),
        pick("connection.ssh.privateKey", given.sshPrivateKey(), s.sshPrivateKey(), g, r),
        pick("connection.ssh.password", given.sshPassword(), s.sshPassword(), g, r));
  }

  private static String pick(
      String path, String given, String stored, Set<String> givenPaths, Set<String> removed) {
    if (givenPaths.contains(path)) {
      return given;
    }
    return removed.contains(path) ? null : stored;
  }

  private static void checkRevision(RegistryRow row, Long expected) {
    if (expected != null && expected != row.revision()) {
      throw new ApiProblem(
          412,
          "stale-revision",
          "The registry changed since you read it",
          "revision is " + row.revision() + ", If-Match said " + expected + "; read it again",
          List.of());
    }
  }

  private RegistryRow row(
      UUID id,
      RegistrySnapshot snapshot,
      RootCredentials secrets,
      Set<String> secretsSet,
      long revision,
      Instant createdAt,
      Instant updatedAt,
      String createdBy,
      String updatedBy) {
    byte[] ciphertext = secrets == null ? null : encrypt(id, secrets);
    return new RegistryRow(
        id,
        snapshot.name(),
        snapshot.provider().name(),
        snapshot.url(),
        snapshot.defaultRegistry(),
        snapshot.usage().pushHelm(),
        snapshot.usage().chartRepository(),
        revision,
        toJson(snapshot),
        ciphertext,
        ciphertext == null ? null : (long) AtRestCipher.keyIdOf(ciphertext),
        secrets == null ? "" : String.join(",", new TreeSet<>(secretsSet)),
        createdAt,
        updatedAt,
        createdBy,
        updatedBy);
  }

  private RegistryChanged changed(
      RegistryRow row, RegistrySnapshot snapshot, RootCredentials secrets, boolean deleted) {
    SealedBox sealed =
        secrets == null ? null : minter.sealJson(secrets, rootSealingContext(row.id().toString()));
    return new RegistryChanged(
        row.id().toString(), row.revision(), deleted, snapshot, sealed, row.updatedAt());
  }

  private byte[] encrypt(UUID id, RootCredentials secrets) {
    byte[] plain = null;
    try {
      plain = EventJson.mapper().writeValueAsBytes(secrets);
      return cipher.encrypt(plain, "registry:" + id);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
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
    return new Registry(
        row.id(),
        fromJson(row.snapshot()),
        split(row.secretsSet()),
        row.revision(),
        row.createdAt(),
        row.updatedAt());
  }

  private static Set<String> split(String names) {
    Set<String> set = new LinkedHashSet<>();
    for (String name : names.split(",")) {
      if (!name.isBlank()) {
        set.add(name);
      }
    }
    return set;
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
