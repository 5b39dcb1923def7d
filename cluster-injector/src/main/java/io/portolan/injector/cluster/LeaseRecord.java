package io.portolan.injector.cluster;

import java.time.Instant;

/** A coordination.k8s.io Lease as leader election reads and writes it. */
public record LeaseRecord(
    String holder,
    int durationSeconds,
    Instant acquiredAt,
    Instant renewedAt,
    int transitions,
    String resourceVersion) {}
