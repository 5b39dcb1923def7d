package io.portolan.injector.injection;

import io.portolan.events.InjectionStatus;
import io.portolan.events.RegistryChanged;
import io.portolan.events.RegistrySnapshot.AccessMode;
import io.portolan.events.RegistrySnapshot.CredentialAccess;
import io.portolan.events.sealed.PullCredential;
import io.portolan.injector.cluster.Cluster;
import io.portolan.injector.cluster.ClusterException;
import io.portolan.injector.pullsecret.DesiredState;
import io.portolan.injector.pullsecret.DockerConfigJson;
import io.portolan.injector.pullsecret.ReconcileResult;
import io.portolan.injector.pullsecret.Reconciler;
import io.portolan.injector.pullsecret.ServiceAccountWiring;
import io.portolan.service.credentials.CredentialStore;
import io.portolan.service.registries.RegistryDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconcile passes on one thread, while this replica leads: at once when woken (a credential,
 * a registry or a namespace changed), every resync interval otherwise (which undoes drift), and
 * sooner after a pass that left something to do (a failure, a ServiceAccount not there yet), with
 * backoff. After each pass it reports, per registry whose outcome changed, an {@link
 * InjectionStatus}; every heartbeat interval it repeats them all as heartbeats.
 *
 * <p>Thread-safe: {@link #requestReconcile()} may be called from any thread.
 */
public final class InjectionLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InjectionLoop.class);
  private static final Duration FIRST_FOLLOW_UP = Duration.ofSeconds(2);

  /** What the loop needs to know, beyond its collaborators. */
  public record Settings(
      String clusterId,
      String secretNameTemplate,
      ServiceAccountWiring wiring,
      Duration resync,
      Duration heartbeat) {}

  private final Settings settings;
  private final Cluster cluster;
  private final Reconciler reconciler;
  private final CredentialStore credentials;
  private final RegistryDirectory registries;
  private final NamespaceSelector namespaces;
  private final Consumer<InjectionStatus> statusSink;
  private final BooleanSupplier leading;
  private final Clock clock;
  private final Semaphore wake = new Semaphore(0);
  private final Map<String, InjectionStatus> lastReported = new HashMap<>(); // guarded by this
  private final Thread thread;
  private final AtomicLong passes = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private volatile boolean running = true;
  private volatile ReconcileResult lastResult;

  public InjectionLoop(
      Settings settings,
      Cluster cluster,
      ExecutorService apiPool,
      CredentialStore credentials,
      RegistryDirectory registries,
      NamespaceSelector namespaces,
      Consumer<InjectionStatus> statusSink,
      BooleanSupplier leading,
      Clock clock) {
    this.settings = settings;
    this.cluster = cluster;
    this.reconciler = new Reconciler(cluster, apiPool);
    this.credentials = credentials;
    this.registries = registries;
    this.namespaces = namespaces;
    this.statusSink = statusSink;
    this.leading = leading;
    this.clock = clock;
    this.thread = new Thread(this::run, "injection-loop-" + settings.clusterId());
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

  /** Passes run since start. */
  public long passes() {
    return passes.get();
  }

  /** API writes made since start. */
  public long writes() {
    return writes.get();
  }

  private void run() {
    Instant nextResync = clock.instant();
    Instant nextHeartbeat = clock.instant().plus(settings.heartbeat());
    Duration followUp = FIRST_FOLLOW_UP;
    Instant nextFollowUp = null;
    while (running) {
      try {
        Instant now = clock.instant();
        Instant next = nextResync.isBefore(nextHeartbeat) ? nextResync : nextHeartbeat;
        if (nextFollowUp != null && nextFollowUp.isBefore(next)) {
          next = nextFollowUp;
        }
        long waitMillis = Math.max(0, Duration.between(now, next).toMillis());
        boolean woken = wake.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        if (woken) {
          Thread.sleep(50); // let a burst of events settle into one pass
          wake.drainPermits();
        }
        if (!running) {
          return;
        }
        now = clock.instant();
        boolean due =
            woken
                || !now.isBefore(nextResync)
                || (nextFollowUp != null && !now.isBefore(nextFollowUp));
        if (due && leading.getAsBoolean()) {
          ReconcileResult result = reconcileOnce();
          nextResync = clock.instant().plus(settings.resync());
          if (result.wantsFollowUp()) {
            nextFollowUp = clock.instant().plus(followUp);
            followUp = min(followUp.multipliedBy(2), settings.resync());
          } else {
            nextFollowUp = null;
            followUp = FIRST_FOLLOW_UP;
          }
        } else if (due) {
          nextResync = now.plus(settings.resync());
        }
        if (!now.isBefore(nextHeartbeat)) {
          ReconcileResult last = lastResult;
          // a heartbeat vouches for the last status: not while the cluster cannot be read
          if (leading.getAsBoolean() && last != null && last.clusterError() == null) {
            heartbeat();
          }
          nextHeartbeat = now.plus(settings.heartbeat());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("Reconcile pass for cluster [{}] failed", settings.clusterId(), e);
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** What the cluster should hold now. */
  public DesiredState desired() throws ClusterException {
    List<String> selected = namespaces.select(cluster.namespaces());
    List<DesiredState.Injected> injected = new ArrayList<>();
    for (CredentialStore.Held h : credentials.all().values()) {
      RegistryChanged registry = registries.get(h.registryId()).orElse(null);
      if (registry == null) {
        continue;
      }
      CredentialAccess access = registry.registry().access();
      if (access.mode() != AccessMode.SAME_AS_REGISTRY || !access.grants(settings.clusterId())) {
        continue;
      }
      PullCredential c = h.credential();
      byte[] json = DockerConfigJson.of(c.server(), c.username(), c.password());
      injected.add(
          new DesiredState.Injected(
              h.registryId(),
              registry.registry().name(),
              settings.secretNameTemplate().replace("{registry}", registry.registry().name()),
              h.generation(),
              h.expiresAt(),
              json,
              DockerConfigJson.sha256(json)));
    }
    List<DesiredState.Referenced> referenced = new ArrayList<>();
    for (RegistryChanged registry : registries.live()) {
      CredentialAccess access = registry.registry().access();
      if (access.mode() == AccessMode.IMAGE_PULL_SECRET_NAME
          && access.grants(settings.clusterId())
          && access.secretName() != null
          && !access.secretName().isBlank()) {
        referenced.add(new DesiredState.Referenced(registry.registryId(), access.secretName()));
      }
    }
    return new DesiredState(selected, injected, referenced, settings.wiring());
  }

  /** One pass, on the caller's thread (the loop's, or a test's). */
  public synchronized ReconcileResult reconcileOnce() {
    DesiredState desired;
    ReconcileResult result;
    try {
      desired = desired();
      result = reconciler.reconcile(desired);
    } catch (ClusterException e) {
      LOG.warn(
          "Could not list namespaces of cluster [{}]: {}", settings.clusterId(), e.getMessage());
      result = ReconcileResult.clusterFailed(e.getMessage());
    }
    passes.incrementAndGet();
    writes.addAndGet(result.writes());
    lastResult = result;
    report(result);
    return result;
  }

  private void report(ReconcileResult result) {
    if (result.clusterError() != null) {
      return;
    }
    Map<String, CredentialStore.Held> held = credentials.all();
    for (String registryId : result.current().keySet()) {
      CredentialStore.Held h = held.get(registryId);
      InjectionStatus status =
          new InjectionStatus(
              settings.clusterId(),
              registryId,
              h == null ? 0 : h.generation(),
              h == null ? null : h.expiresAt(),
              result.current().get(registryId),
              result.failed().getOrDefault(registryId, List.of()).stream()
                  .map(f -> new InjectionStatus.NamespaceFailure(f.namespace(), f.reason()))
                  .toList(),
              false,
              clock.instant());
      InjectionStatus previous = lastReported.get(registryId);
      if (previous == null || !sameOutcome(previous, status)) {
        statusSink.accept(status);
        lastReported.put(registryId, status);
      }
    }
    // a registry no longer here (revoked, deleted) is reported once as holding nothing
    for (String gone : List.copyOf(lastReported.keySet())) {
      if (!result.current().containsKey(gone)) {
        InjectionStatus previous = lastReported.remove(gone);
        if (!previous.current().isEmpty() || !previous.failed().isEmpty()) {
          statusSink.accept(
              new InjectionStatus(
                  settings.clusterId(),
                  gone,
                  0,
                  null,
                  List.of(),
                  List.of(),
                  false,
                  clock.instant()));
        }
      }
    }
  }

  private synchronized void heartbeat() {
    Instant now = clock.instant();
    for (InjectionStatus s : lastReported.values()) {
      statusSink.accept(
          new InjectionStatus(
              s.clusterId(),
              s.registryId(),
              s.generation(),
              s.expiresAt(),
              s.current(),
              s.failed(),
              true,
              now));
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
