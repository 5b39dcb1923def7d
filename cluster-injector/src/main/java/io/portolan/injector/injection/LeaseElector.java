package io.portolan.injector.injection;

import io.portolan.injector.cluster.Cluster;
import io.portolan.injector.cluster.ClusterException;
import io.portolan.injector.cluster.LeaseRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election through a {@code coordination.k8s.io/v1} Lease, as client-go's leaderelection
 * does it: the holder renews the lease every {@code duration / 3}; another replica takes it over
 * only once it has not been renewed for {@code duration}; every write carries the resource version
 * it read, so two replicas cannot both win. A leader that cannot renew in time stops leading on its
 * own, before anyone else may take over.
 *
 * <p>Thread-safe: {@link #isLeader()} may be called from any thread; {@link #tryAcquireOrRenew()}
 * from one.
 */
public final class LeaseElector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseElector.class);

  private final Cluster cluster;
  private final String namespace;
  private final String name;
  private final String identity;
  private final Duration duration;
  private final Clock clock;
  private volatile Instant leaderUntil = Instant.MIN;
  private volatile String lastError;
  private volatile Thread thread;

  public LeaseElector(
      Cluster cluster,
      String namespace,
      String name,
      String identity,
      Duration duration,
      Clock clock) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.name = name;
    this.identity = identity;
    this.duration = duration;
    this.clock = clock;
  }

  public String identity() {
    return identity;
  }

  /** How often the leader renews. */
  public Duration renewEvery() {
    return duration.dividedBy(3);
  }

  /** Whether this replica holds the lease now (renewed within the lease duration). */
  public boolean isLeader() {
    return clock.instant().isBefore(leaderUntil);
  }

  /** Takes the lease if free or expired, renews it if held; true when this replica leads. */
  public boolean tryAcquireOrRenew() {
    Instant now = clock.instant();
    boolean was = isLeader();
    try {
      Optional<LeaseRecord> current = cluster.lease(namespace, name);
      int seconds = (int) Math.max(1, duration.toSeconds());
      if (current.isEmpty()) {
        cluster.writeLease(namespace, name, new LeaseRecord(identity, seconds, now, now, 0, null));
      } else {
        LeaseRecord lease = current.get();
        boolean mine = identity.equals(lease.holder());
        Instant renewed = lease.renewedAt() == null ? Instant.MIN : lease.renewedAt();
        boolean expired =
            lease.holder() == null
                || lease.holder().isEmpty()
                || !now.isBefore(renewed.plusSeconds(Math.max(1, lease.durationSeconds())));
        if (!mine && !expired) {
          leaderUntil = Instant.MIN;
          if (was) {
            LOG.warn("Lost the lease [{}/{}] to [{}]", namespace, name, lease.holder());
          }
          return false;
        }
        cluster.writeLease(
            namespace,
            name,
            new LeaseRecord(
                identity,
                seconds,
                mine ? lease.acquiredAt() : now,
                now,
                mine ? lease.transitions() : lease.transitions() + 1,
                lease.resourceVersion()));
      }
      leaderUntil = now.plus(duration);
      lastError = null;
      if (!was) {
        LOG.info("[{}] leads: it holds the lease [{}/{}]", identity, namespace, name);
      }
      return true;
    } catch (ClusterException e) {
      if (e.status() != 409 && !e.getMessage().equals(lastError)) {
        LOG.warn(
            "Could not take or renew the lease [{}/{}]: {}. The injector writes nothing until it"
                + " leads; check that its ServiceAccount may get, create and update"
                + " leases.coordination.k8s.io in [{}]",
            namespace,
            name,
            e.getMessage(),
            namespace);
        lastError = e.getMessage();
      }
      return isLeader(); // a lost race (409) or an outage: lead only while the last renewal holds
    }
  }

  /**
   * Tries to lead and keeps renewing on a daemon thread; {@code onElected} runs each time this
   * replica becomes leader.
   */
  public LeaseElector start(Runnable onElected) {
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                boolean was = isLeader();
                if (tryAcquireOrRenew() && !was) {
                  onElected.run();
                }
                try {
                  Thread.sleep(renewEvery().toMillis());
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "lease-elector");
    t.setDaemon(true);
    thread = t;
    t.start();
    return this;
  }

  /** Stops renewing and gives the lease up. */
  @Override
  public void close() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    release();
  }

  /** Gives the lease up so another replica can take it at once. */
  public void release() {
    if (!isLeader()) {
      return;
    }
    try {
      Optional<LeaseRecord> current = cluster.lease(namespace, name);
      if (current.isPresent() && identity.equals(current.get().holder())) {
        LeaseRecord l = current.get();
        cluster.writeLease(
            namespace,
            name,
            new LeaseRecord(
                "", 1, l.acquiredAt(), clock.instant(), l.transitions(), l.resourceVersion()));
      }
    } catch (ClusterException e) {
      LOG.info("Could not release the lease [{}/{}]: {}", namespace, name, e.getMessage());
    }
    leaderUntil = Instant.MIN;
  }
}
