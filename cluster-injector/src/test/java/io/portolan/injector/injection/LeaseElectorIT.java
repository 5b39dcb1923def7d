package io.portolan.injector.injection;

import static org.assertj.core.api.Assertions.assertThat;

import io.portolan.injector.cluster.KubernetesCluster;
import io.portolan.injector.cluster.LeaseRecord;
import io.portolan.testkit.KubernetesStandIn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas electing a leader through a Lease on the stand-in, on a clock the test moves. */
class LeaseElectorIT {
  private KubernetesStandIn k8s;
  private KubernetesCluster cluster;
  private MutableClock clock;

  /** A clock the test sets. */
  static final class MutableClock extends Clock {
    volatile Instant now = Instant.parse("2026-11-21T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  @BeforeEach
  void start() {
    k8s = KubernetesStandIn.start();
    cluster = new KubernetesCluster(InjectorHarness.client(k8s), "prod", 2, Duration.ofMillis(10));
    clock = new MutableClock();
  }

  @AfterEach
  void stop() {
    k8s.close();
  }

  private LeaseElector replica(String name) {
    return new LeaseElector(
        cluster, "portolan", "portolan-injector-prod", name, Duration.ofSeconds(15), clock);
  }

  @Test
  void oneReplicaLeadsAndAnotherTakesOverOnlyAfterTheLeaseLapses() throws Exception {
    LeaseElector a = replica("a");
    LeaseElector b = replica("b");

    assertThat(a.tryAcquireOrRenew()).isTrue();
    assertThat(b.tryAcquireOrRenew()).isFalse();
    assertThat(cluster.lease("portolan", "portolan-injector-prod"))
        .get()
        .extracting(LeaseRecord::holder, LeaseRecord::durationSeconds)
        .containsExactly("a", 15);

    clock.advance(Duration.ofSeconds(5));
    assertThat(a.tryAcquireOrRenew()).isTrue(); // renewed
    clock.advance(Duration.ofSeconds(14));
    assertThat(b.tryAcquireOrRenew()).isFalse(); // renewed 14 s ago: still a's

    clock.advance(Duration.ofSeconds(2)); // a stopped renewing 16 s ago
    assertThat(a.isLeader()).isFalse(); // a stops leading on its own, before b may take over
    assertThat(b.tryAcquireOrRenew()).isTrue();
    assertThat(b.isLeader()).isTrue();
    LeaseRecord lease = cluster.lease("portolan", "portolan-injector-prod").orElseThrow();
    assertThat(lease.holder()).isEqualTo("b");
    assertThat(lease.transitions()).isEqualTo(1);
    assertThat(a.tryAcquireOrRenew()).isFalse();
  }

  @Test
  void aReleasedLeaseIsTakenAtOnce() {
    LeaseElector a = replica("a");
    LeaseElector b = replica("b");
    assertThat(a.tryAcquireOrRenew()).isTrue();

    a.release();

    assertThat(a.isLeader()).isFalse();
    assertThat(b.tryAcquireOrRenew()).isTrue();
  }

  @Test
  void aWriteBasedOnAnOutdatedReadLoses() throws Exception {
    LeaseElector a = replica("a");
    assertThat(a.tryAcquireOrRenew()).isTrue();
    LeaseRecord read = cluster.lease("portolan", "portolan-injector-prod").orElseThrow();
    assertThat(a.tryAcquireOrRenew()).isTrue(); // the lease moves on

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                cluster.writeLease(
                    "portolan",
                    "portolan-injector-prod",
                    new LeaseRecord(
                        "b", 15, clock.instant(), clock.instant(), 1, read.resourceVersion())))
        .isInstanceOfSatisfying(
            io.portolan.injector.cluster.ClusterException.class,
            e -> assertThat(e.status()).isEqualTo(409));
    assertThat(cluster.lease("portolan", "portolan-injector-prod").orElseThrow().holder())
        .isEqualTo("a");
  }
}
