package io.portolan.events.kafka;

import io.portolan.events.Topic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the contract's topics with their cleanup policies when they do not exist. Every service
 * calls it at start, so that any of them can come up first; creating an existing topic is a no-op.
 */
public final class TopicProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  private TopicProvisioner() {}

  /**
   * Ensures every topic exists.
   *
   * @param partitions partitions of new topics
   * @param replicationFactor replication of new topics; 1 for a single broker
   */
  public static void ensureTopics(KafkaSettings settings, int partitions, short replicationFactor) {
    try (Admin admin = Admin.create(settings.clientProperties("admin"))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic topic : Topic.values()) {
        String name = topic.fullName(settings.topicPrefix());
        if (existing.contains(name)) {
          continue;
        }
        Map<String, String> configs = new HashMap<>();
        configs.put(
            "cleanup.policy", topic.cleanup() == Topic.Cleanup.COMPACT ? "compact" : "delete");
        topic.retention().ifPresent(r -> configs.put("retention.ms", Long.toString(r.toMillis())));
        missing.add(new NewTopic(name, partitions, replicationFactor).configs(configs));
      }
      if (missing.isEmpty()) {
        return;
      }
      createAndAwait(admin, missing);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Tried to list topics on ["
              + settings.bootstrapServers()
              + "] but failed because: "
              + e
              + ". Is Kafka running and reachable?",
          e);
    }
  }

  private static void createAndAwait(Admin admin, List<NewTopic> missing)
      throws InterruptedException, ExecutionException, TimeoutException {
    var results = admin.createTopics(missing).values();
    for (var entry : results.entrySet()) {
      try {
        entry.getValue().get(30, TimeUnit.SECONDS);
        LOG.info("Created topic [{}]", entry.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
          throw new IllegalStateException(
              "Tried to create topic ["
                  + entry.getKey()
                  + "] but failed because: "
                  + e.getCause().getMessage(),
              e.getCause());
        }
      }
    }
    // The controller has committed the topics; wait until every partition has a leader, so that a
    // consumer started right after this call finds them and a producer's first batch is not refused
    // (a refused first batch, retried behind later ones, breaks idempotent ordering).
    Set<String> wanted = new java.util.HashSet<>();
    missing.forEach(t -> wanted.add(t.name()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!allLed(admin, wanted)) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("Topics " + wanted + " have no leaders after 30 s");
      }
      Thread.sleep(50);
    }
  }

  private static boolean allLed(Admin admin, Set<String> topics)
      throws InterruptedException, TimeoutException {
    try {
      var descriptions = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
      return descriptions.size() == topics.size()
          && descriptions.values().stream()
              .allMatch(
                  d ->
                      d.partitions().stream()
                          .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
    } catch (ExecutionException e) {
      return false; // not known yet
    }
  }
}
