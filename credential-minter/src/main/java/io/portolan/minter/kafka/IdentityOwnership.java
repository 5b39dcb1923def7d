package io.portolan.minter.kafka;

import io.portolan.events.kafka.EventConsumer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits identities between minter instances: each instance is a member of one consumer group on
 * {@code registry.changes}, and owns the identities whose key hashes (murmur2, as Kafka's
 * partitioner) to a partition assigned to it. Every instance reads all state, so on a rebalance the
 * new owner already knows which credentials are fresh.
 *
 * <p>Thread-safe.
 */
final class IdentityOwnership implements EventConsumer.PartitionListener {
  private static final Logger LOG = LoggerFactory.getLogger(IdentityOwnership.class);

  private final int partitions;
  private final Consumer<Predicate<String>> onChange;
  private volatile Set<Integer> assigned = Set.of();

  IdentityOwnership(int partitions, Consumer<Predicate<String>> onChange) {
    this.partitions = partitions;
    this.onChange = onChange;
  }

  /** The partition an identity (or {@code registry:<id>}) belongs to. */
  static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** How many partitions (shares of the identities) this instance owns now. */
  int ownedPartitions() {
    return assigned.size();
  }

  boolean owns(String key) {
    return assigned.contains(partitionOf(key, partitions));
  }

  @Override
  public void onAssigned(Collection<TopicPartition> added) {
    Set<Integer> next = new TreeSet<>(assigned);
    added.forEach(p -> next.add(p.partition()));
    update(next);
  }

  @Override
  public void onRevoked(Collection<TopicPartition> removed) {
    Set<Integer> next = new TreeSet<>(assigned);
    removed.forEach(p -> next.remove(p.partition()));
    update(next);
  }

  private void update(Set<Integer> next) {
    if (next.equals(assigned)) {
      return;
    }
    assigned = Set.copyOf(next);
    LOG.info("This minter now owns partitions {} of {}", next, partitions);
    onChange.accept(this::owns);
  }
}
