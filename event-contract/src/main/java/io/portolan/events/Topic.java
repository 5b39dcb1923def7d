package io.portolan.events;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The Kafka topics of the contract, named without the configurable prefix ({@code portolan.} by
 * default). Compacted topics hold the latest state per key and are read from the beginning at
 * start; the others carry events that are consumed once per consumer group.
 */
public enum Topic {
  /** Key: registry id. Full registry snapshots without secrets; root credentials sealed. */
  REGISTRY_CHANGES("registry.changes", Cleanup.COMPACT, null),
  /** Key: consumer id. A consumer's public key and capabilities. */
  CONSUMERS_ANNOUNCED("consumers.announced", Cleanup.COMPACT, null),
  /** Key: consumer id. The catalog's decision on a consumer. */
  CONSUMERS_APPROVED("consumers.approved", Cleanup.COMPACT, null),
  /**
   * Key: {@code <consumerId>/<registryId>}. A credential sealed to one consumer; null value
   * revokes.
   */
  CREDENTIALS("credentials", Cleanup.COMPACT, null),
  /** Key: a subject such as {@code registry/<id>}. Progress and health reports, kept 7 days. */
  STATUS("status", Cleanup.DELETE, Duration.ofDays(7)),
  /** Key: any. Input from CI pipelines. */
  BUILD_EVENTS("build.events", Cleanup.DELETE, null),
  /** Key: {@code <registryId>/<repository>}. Charts pushed, indexed and removed. */
  CHART_CHANGES("chart.changes", Cleanup.DELETE, null);

  /** The prefix used when configuration does not name another. */
  public static final String DEFAULT_PREFIX = "portolan.";

  /** Kafka's cleanup policy for a topic. */
  public enum Cleanup {
    COMPACT,
    DELETE
  }

  private final String baseName;
  private final Cleanup cleanup;
  private final Duration retention;

  Topic(String baseName, Cleanup cleanup, Duration retention) {
    this.baseName = baseName;
    this.cleanup = cleanup;
    this.retention = retention;
  }

  public String baseName() {
    return baseName;
  }

  public Cleanup cleanup() {
    return cleanup;
  }

  /** The retention of a delete-policy topic, when the contract fixes one. */
  public Optional<Duration> retention() {
    return Optional.ofNullable(retention);
  }

  public String fullName(String prefix) {
    return prefix + baseName;
  }

  /** The topic a full Kafka topic name refers to, under the given prefix. */
  public static Optional<Topic> fromFullName(String prefix, String fullName) {
    return Arrays.stream(values()).filter(t -> t.fullName(prefix).equals(fullName)).findFirst();
  }
}
