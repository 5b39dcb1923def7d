package io.portolan.pusher.push;

import io.portolan.events.ChartPushed;
import io.portolan.events.Provider;
import io.portolan.events.PushStatus;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.kafka.EventPublisher;
import io.portolan.events.sealed.AwsSession;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.RegistryException;
import io.portolan.providers.EcrRepositories;
import io.portolan.pusher.chart.ChartArchive;
import io.portolan.pusher.chart.ChartLimits;
import io.portolan.pusher.chart.ChartRejected;
import io.portolan.pusher.chart.HelmArtifact;
import io.portolan.service.credentials.CredentialStore;
import io.portolan.service.registries.RegistryClients;
import io.portolan.service.registries.RegistryDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one chart package to one catalog registry: validates it, builds the artifact {@code helm
 * push} would, pushes with the credential sealed for this pusher, and reports the result on {@code
 * chart.changes} (so the indexer updates at once) and {@code status}.
 *
 * <p>ECR refuses pushes to a repository that does not exist ({@code NAME_UNKNOWN}). When the
 * registry allows it ({@code credentials.createRepositories}), the repository is created with the
 * session the minter sealed to this pusher and the push is made again; nothing is created up front,
 * so pushes to existing repositories cost no AWS call.
 *
 * <p>Thread-safe.
 */
public final class PushService {
  private static final Logger LOG = LoggerFactory.getLogger(PushService.class);

  /** A finished push. */
  public record Result(
      String registryId,
      String registryName,
      String reference,
      String version,
      ChartPusher.Outcome outcome,
      boolean repositoryCreated) {}

  private final RegistryDirectory registries;
  private final RegistryClients clients;
  private final CredentialStore credentials;
  private final EcrRepositories ecr;
  private final EventPublisher publisher;
  private final ChartLimits limits;
  private final Clock clock;

  public PushService(
      RegistryDirectory registries,
      RegistryClients clients,
      CredentialStore credentials,
      EcrRepositories ecr,
      EventPublisher publisher,
      ChartLimits limits,
      Clock clock) {
    this.registries = registries;
    this.clients = clients;
    this.credentials = credentials;
    this.ecr = ecr;
    this.publisher = publisher;
    this.limits = limits;
    this.clock = clock;
  }

  /**
   * Pushes a chart.
   *
   * @param registryRef the target registry's name or id; null for the default registry that pushes
   *     Helm packages
   * @param namespace the repository namespace inside the registry, or null
   * @param created the {@code created} annotation; null for now
   * @param requestId carried into events; null for a new one
   */
  public Result push(
      byte[] tgz,
      byte[] provenance,
      String registryRef,
      String namespace,
      Instant created,
      String requestId)
      throws PushFailed {
    return push(tgz, provenance, registryRef, namespace, created, requestId, null);
  }

  /**
   * Pushes a chart; when {@code mountFrom} names {@code host/repository} of a copy's source in the
   * target registry, blobs are mounted from it instead of uploaded.
   */
  public Result push(
      byte[] tgz,
      byte[] provenance,
      String registryRef,
      String namespace,
      Instant created,
      String requestId,
      String mountFrom)
      throws PushFailed {
    String request = requestId == null ? UUID.randomUUID().toString() : requestId;
    ChartArchive chart;
    try {
      chart = ChartArchive.read(tgz, limits);
    } catch (ChartRejected e) {
      throw new PushFailed("chart-rejected", e.rule(), e.getMessage(), e);
    }
    RegistryChanged target = resolve(registryRef);
    RegistrySnapshot registry = target.registry();
    if (namespace != null
        && !namespace.isBlank()
        && !RegistryClient.REPOSITORY_NAME.matcher(namespace).matches()) {
      throw new PushFailed(
          "target", null, "namespace " + namespace + " is not a valid repository path", null);
    }
    var held = credentials.get(target.registryId());
    if (held.isEmpty()) {
      throw new PushFailed(
          "no-credential",
          null,
          "this pusher holds no credential for registry "
              + registry.name()
              + "; is the pusher approved in the catalog, and does the registry have 'push Helm"
              + " packages' on?",
          null);
    }
    // helm push writes the .tgz file's time; an upload has only the times inside the archive, and
    // an archive without them (reproducible builds) gets the push time, as Helm 3.13 wrote
    boolean createdChosen = created == null;
    Instant createdAt =
        created != null ? created : chart.packagedAt().orElseGet(() -> clock.instant());
    HelmArtifact artifact = HelmArtifact.of(chart, provenance, createdAt);
    String repository = RegistryClients.repository(registry, namespace, artifact.name());
    RegistryClient client = clients.client(registry, held.get().credential());
    ChartPusher.Outcome outcome;
    boolean repositoryCreated = false;
    String mountRepository = null;
    if (mountFrom != null && mountFrom.startsWith(registry.host() + "/")) {
      mountRepository = mountFrom.substring(registry.host().length() + 1);
    }
    try {
      try {
        outcome = ChartPusher.push(client, repository, artifact, mountRepository, createdChosen);
      } catch (RegistryException e) {
        if (!missingRepository(registry, e)) {
          throw e;
        }
        createRepository(target, held.get().credential().repositorySession(), repository, e);
        repositoryCreated = true;
        outcome = ChartPusher.push(client, repository, artifact, mountRepository, createdChosen);
      }
    } catch (RegistryException | EcrRepositories.CreateFailed e) {
      publisher.publish(
          new PushStatus(
              request,
              target.registryId(),
              repository,
              artifact.tag(),
              null,
              PushStatus.State.FAILED,
              e.getMessage(),
              clock.instant()));
      throw new PushFailed("registry", null, e.getMessage(), e);
    }
    String reference = "oci://" + registry.host() + "/" + repository + ":" + artifact.tag();
    publisher.publish(
        new ChartPushed(
            request,
            target.registryId(),
            repository,
            artifact.tag(),
            artifact.version(),
            outcome.digest(),
            clock.instant()));
    publisher.publish(
        new PushStatus(
            request,
            target.registryId(),
            repository,
            artifact.tag(),
            outcome.digest(),
            PushStatus.State.PUSHED,
            (repositoryCreated ? "created the repository, " : "")
                + "uploaded "
                + outcome.uploaded().size()
                + ", already there "
                + outcome.existed().size()
                + ", mounted "
                + outcome.mounted().size(),
            clock.instant()));
    LOG.info(
        "Pushed [{}] ({}){}, uploaded {} blobs, {} already there",
        reference,
        outcome.digest(),
        repositoryCreated ? " into a repository it created" : "",
        outcome.uploaded().size(),
        outcome.existed().size());
    return new Result(
        target.registryId(),
        registry.name(),
        reference,
        artifact.version(),
        outcome,
        repositoryCreated);
  }

  /** ECR's answer to a push into a repository that does not exist. */
  private static boolean missingRepository(RegistrySnapshot registry, RegistryException e) {
    return registry.provider() == Provider.ECR
        && e.status() == 404
        && e.errorCodes().contains("NAME_UNKNOWN");
  }

  /**
   * Creates the missing ECR repository, or says why it may not and what to do.
   *
   * @throws EcrRepositories.CreateFailed when the registry does not allow it, the credential
   *     carries no session, or AWS refuses
   */
  private void createRepository(
      RegistryChanged target, AwsSession session, String repository, RegistryException refusal)
      throws EcrRepositories.CreateFailed {
    RegistrySnapshot registry = target.registry();
    if (!registry.settings().createsRepositories()) {
      throw new EcrRepositories.CreateFailed(
          "ECR has no repository "
              + repository
              + " in registry "
              + registry.name()
              + " and refuses pushes to it; create it, or turn on credentials.createRepositories"
              + " for the registry so that the pusher creates missing repositories",
          refusal);
    }
    if (session == null) {
      throw new EcrRepositories.CreateFailed(
          "ECR has no repository "
              + repository
              + " in registry "
              + registry.name()
              + ", and the credential this pusher holds carries no session to create it yet; the"
              + " minter adds one at its next mint (see the registry's status)",
          refusal);
    }
    EcrRepositories.Outcome outcome = ecr.create(registry, session, repository);
    LOG.info(
        "{} ECR repository [{}] in registry [{}]",
        outcome == EcrRepositories.Outcome.CREATED ? "Created" : "Found (made meanwhile)",
        repository,
        registry.name());
  }

  private RegistryChanged resolve(String registryRef) throws PushFailed {
    if (registryRef == null || registryRef.isBlank()) {
      return registries.live().stream()
          .filter(r -> r.registry().usage().pushHelm() && r.registry().defaultRegistry())
          .findFirst()
          .orElseThrow(
              () ->
                  new PushFailed(
                      "target",
                      null,
                      "no registry given and no default registry pushes Helm packages; name one with"
                          + " ?registry=<name>",
                      null));
    }
    RegistryChanged registry =
        registries
            .find(registryRef)
            .orElseThrow(
                () ->
                    new PushFailed(
                        "target",
                        null,
                        "registry " + registryRef + " is not in the catalog",
                        null));
    if (!registry.registry().usage().pushHelm()) {
      throw new PushFailed(
          "target",
          null,
          "registry " + registry.registry().name() + " does not have 'push Helm packages' on",
          null);
    }
    return registry;
  }
}
