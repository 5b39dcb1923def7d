package io.portolan.injector.injection;

import io.portolan.events.InjectionStatus;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot.AccessMode;
import io.portolan.events.sealed.PullCredential;
import io.portolan.injector.pullsecret.ClusterException;
import io.portolan.injector.pullsecret.DesiredSecret;
import io.portolan.injector.pullsecret.DockerConfigJson;
import io.portolan.injector.pullsecret.PullSecretWriter;
import io.portolan.injector.pullsecret.ReconcileResult;
import io.portolan.injector.pullsecret.Reconciler;
import io.portolan.service.credentials.CredentialStore;
import io.portolan.service.registries.RegistryDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconcile passes on one thread: at once when woken (a credential or registry changed), and
 * every resync interval otherwise, which undoes drift (deleted or edited secrets). After each pass
 * it reports, per registry whose outcome changed, an {@link InjectionStatus} on {@code status}.
 *
 * <p>Thread-safe: {@link #requestReconcile()} may be called from any thread.
 */
public final class InjectionLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InjectionLoop.class);

  private final String clusterId;
  private final PullSecretWriter cluster;
  private final Reconciler reconciler;
  private final CredentialStore credentials;
  private final RegistryDirectory registries;
  private final NamespaceSelector namespaces;
  private final String secretNameTemplate;
  private final Consumer<InjectionStatus> statusSink;
  private final Duration resync;
  private final Clock clock;
  private final Semaphore wake = new Semaphore(0);
  private final Map<String, InjectionStatus> lastReported = new HashMap<>(); // loop thread only
  private final Thread thread;
  private volatile boolean running = true;
  private volatile ReconcileResult lastResult;

  public InjectionLoop(
      String clusterId,
      PullSecretWriter cluster,
      CredentialStore credentials,
      RegistryDirectory registries,
      NamespaceSelector namespaces,
      String secretNameTemplate,
      Consumer<InjectionStatus> statusSink,
      Duration resync,
      Clock clock) {
    this.clusterId = clusterId;
    this.cluster = cluster;
    this.reconciler = new Reconciler(cluster);
    this.credentials = credentials;
    this.registries = registries;
    this.namespaces = namespaces;
    this.secretNameTemplate = secretNameTemplate;
    this.statusSink = statusSink;
    this.resync = resync;
    this.clock = clock;
    this.thread = new Thread(this::run, "injection-loop");
    this.thread.setDaemon(true);
  }

  public InjectionLoop start() {
    thread.start();
    return this;
  }

  /** Asks for a pass as soon as possible; many requests in a row make one pass. */
  public void requestReconcile() {
    wake.release();
  }

  public ReconcileResult lastResult() {
    return lastResult;
  }

  private void run() {
    while (running) {
      try {
        wake.tryAcquire(resync.toMillis(), TimeUnit.MILLISECONDS);
        Thread.sleep(50); // let a burst of events settle into one pass
        wake.drainPermits();
        if (running) {
          reconcileOnce();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("Reconcile pass for cluster [{}] failed", clusterId, e);
      }
    }
  }

  /** One pass, on the caller's thread (the loop's, or a test's). */
  public synchronized ReconcileResult reconcileOnce() {
    List<String> selected;
    try {
      selected = namespaces.select(cluster.namespaces());
    } catch (ClusterException e) {
      LOG.warn("Could not list namespaces of cluster [{}]: {}", clusterId, e.getMessage());
      lastResult = ReconcileResult.clusterFailed(e.getMessage());
      return lastResult;
    }
    List<DesiredSecret> desired = new ArrayList<>();
    Set<String> registryIds = new LinkedHashSet<>();
    Map<String, CredentialStore.Held> held = credentials.all();
    for (CredentialStore.Held h : held.values()) {
      RegistryChanged registry = registries.get(h.registryId()).orElse(null);
      if (registry == null || registry.registry().access().mode() != AccessMode.SAME_AS_REGISTRY) {
        continue;
      }
      registryIds.add(h.registryId());
      PullCredential c = h.credential();
      byte[] json = DockerConfigJson.of(c.server(), c.username(), c.password());
      String hash = DockerConfigJson.sha256(json);
      String name = secretNameTemplate.replace("{registry}", registry.registry().name());
      for (String ns : selected) {
        desired.add(
            new DesiredSecret(
                ns,
                name,
                h.registryId(),
                registry.registry().name(),
                h.generation(),
                h.expiresAt(),
                json,
                hash));
      }
    }
    ReconcileResult result = reconciler.reconcile(desired, registryIds);
    lastResult = result;
    report(result, held);
    return result;
  }

  private void report(ReconcileResult result, Map<String, CredentialStore.Held> held) {
    if (result.clusterError() != null) {
      return;
    }
    for (String registryId : result.current().keySet()) {
      CredentialStore.Held h = held.get(registryId);
      List<InjectionStatus.NamespaceFailure> failures =
          result.failed().getOrDefault(registryId, List.of()).stream()
              .map(f -> new InjectionStatus.NamespaceFailure(f.namespace(), f.reason()))
              .toList();
      InjectionStatus status =
          new InjectionStatus(
              clusterId,
              registryId,
              h == null ? 0 : h.generation(),
              h == null ? null : h.expiresAt(),
              result.current().get(registryId).stream().sorted().toList(),
              failures,
              false,
              clock.instant());
      InjectionStatus previous = lastReported.get(registryId);
      if (previous == null || !sameOutcome(previous, status)) {
        statusSink.accept(status);
        lastReported.put(registryId, status);
      }
    }
  }

  private static boolean sameOutcome(InjectionStatus a, InjectionStatus b) {
    return a.generation() == b.generation()
        && a.current().equals(b.current())
        && a.failed().equals(b.failed());
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
