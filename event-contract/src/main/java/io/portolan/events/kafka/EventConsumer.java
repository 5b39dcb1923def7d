package io.portolan.events.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portolan.events.Decoded;
import io.portolan.events.Envelope;
import io.portolan.events.EventCodec;
import io.portolan.events.PortolanEvent;
import io.portolan.events.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer loop on its own thread that hands decoded events to a {@link Handler}, one at a time,
 * in partition order.
 *
 * <p>Two modes:
 *
 * <ul>
 *   <li><b>group</b>: a member of a consumer group; partitions are shared among the group's members
 *       and offsets are committed after each batch (at-least-once, so handlers are idempotent).
 *   <li><b>table</b>: no group; every partition is read from the beginning, as a compacted topic is
 *       read to rebuild state. {@link #awaitCaughtUp} tells when the state as of start is loaded.
 *   <li><b>tail</b>: no group; every partition from its end, so only what is published after start
 *       (a live feed; it is caught up at once).
 * </ul>
 *
 * <p>A bad message never stops the loop: records that do not decode, of unknown types or of newer
 * schema versions are skipped and counted ({@code portolan.events.skipped}); a handler that keeps
 * failing after its retries is logged and counted ({@code portolan.events.failed}) and the loop
 * moves on.
 *
 * <p>Thread-safe: {@link #start} and {@link #close} may be called from any thread; the handler is
 * only ever called from the loop's thread.
 */
public final class EventConsumer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);

  /** Receives decoded events. */
  @FunctionalInterface
  public interface Handler {
    void handle(Envelope<? extends PortolanEvent> envelope) throws Exception;

    /** Called after each polled batch has been handled, before offsets are committed. */
    default void afterBatch() throws Exception {}
  }

  /** Told when a group member gains or loses partitions. */
  public interface PartitionListener {
    void onAssigned(Collection<TopicPartition> partitions);

    void onRevoked(Collection<TopicPartition> partitions);
  }

  private final String name;
  private final KafkaSettings settings;
  private final EventCodec codec;
  private final String groupId; // null in table and tail mode
  private final boolean fromEnd;
  private final List<Topic> topics;
  private final Handler handler;
  private final PartitionListener partitionListener;
  private final MeterRegistry meters;
  private final int maxAttempts;
  private final Duration retryBackoff;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, byte[]> consumer;

  // touched only by the loop thread
  private final Map<TopicPartition, Long> catchUpTargets = new HashMap<>();

  private EventConsumer(Builder b) {
    this.name = b.name;
    this.settings = b.settings;
    this.codec = b.codec;
    this.groupId = b.groupId;
    this.fromEnd = b.fromEnd;
    this.topics = List.copyOf(b.topics);
    this.handler = Objects.requireNonNull(b.handler, "handler");
    this.partitionListener = b.partitionListener;
    this.meters = Objects.requireNonNull(b.meters, "meters");
    this.maxAttempts = b.maxAttempts;
    this.retryBackoff = b.retryBackoff;
    this.thread = new Thread(this::run, "portolan-events-" + name);
    this.thread.setDaemon(true);
  }

  /** A consumer-group member. */
  public static Builder group(KafkaSettings settings, EventCodec codec, String groupId) {
    return new Builder(settings, codec, Objects.requireNonNull(groupId, "groupId"));
  }

  /** A reader of every partition from the beginning, without a group. */
  public static Builder table(KafkaSettings settings, EventCodec codec) {
    return new Builder(settings, codec, null);
  }

  /** A reader of every partition from its end, without a group: what is published from now on. */
  public static Builder tail(KafkaSettings settings, EventCodec codec) {
    Builder b = new Builder(settings, codec, null);
    b.fromEnd = true;
    return b;
  }

  public EventConsumer start() {
    thread.start();
    return this;
  }

  /** Whether every partition has been read up to where it ended when it was (first) assigned. */
  public boolean caughtUp() {
    return caughtUp.getCount() == 0;
  }

  /** Waits until {@link #caughtUp()}; false on timeout. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public String name() {
    return name;
  }

  private void run() {
    Map<String, Object> props = settings.clientProperties("consumer-" + name);
    props.put("enable.auto.commit", "false");
    props.putIfAbsent("auto.offset.reset", "earliest");
    props.putIfAbsent("max.poll.records", "500");
    if (groupId != null) {
      props.put("group.id", groupId);
    }
    List<String> topicNames = topics.stream().map(codec::topicName).toList();
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.consumer = c;
    try {
      if (!running) {
        return;
      }
      if (groupId == null) {
        assignAll(c, topicNames);
      } else {
        c.subscribe(topicNames, new Rebalance(c));
      }
      while (running) {
        ConsumerRecords<String, byte[]> records;
        try {
          records = c.poll(Duration.ofMillis(500));
        } catch (WakeupException e) {
          break;
        } catch (RuntimeException e) {
          if (!running) {
            break;
          }
          LOG.warn("Consumer [{}] could not poll {}; retrying: {}", name, topicNames, e.toString());
          pause(Duration.ofSeconds(1));
          continue;
        }
        for (ConsumerRecord<String, byte[]> record : records) {
          if (!running) {
            break;
          }
          process(record);
        }
        if (!records.isEmpty()) {
          runAfterBatch();
          if (groupId != null) {
            commit(c);
          }
        }
        checkCaughtUp(c);
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (running) {
        LOG.error("Consumer [{}] stopped unexpectedly", name, e);
      }
    } finally {
      this.consumer = null;
      try {
        c.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.debug("Consumer [{}] did not close cleanly: {}", name, e.toString());
      }
    }
  }

  private void assignAll(KafkaConsumer<String, byte[]> c, List<String> topicNames) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topicNames) {
      List<PartitionInfo> infos = List.of();
      while (running && infos.isEmpty()) {
        try {
          infos = c.partitionsFor(topic, Duration.ofSeconds(10));
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          LOG.warn(
              "Consumer [{}] could not read partitions of [{}]: {}", name, topic, e.toString());
        }
        if (infos == null || infos.isEmpty()) {
          infos = List.of();
          pause(Duration.ofSeconds(1));
        }
      }
      infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
    }
    c.assign(partitions);
    if (fromEnd) {
      c.seekToEnd(partitions);
      partitions.forEach(c::position); // fix the positions now, before anything is published
      caughtUp.countDown();
      return;
    }
    c.seekToBeginning(partitions);
    setCatchUpTargets(c, partitions);
  }

  private void setCatchUpTargets(KafkaConsumer<String, byte[]> c, Collection<TopicPartition> tps) {
    if (caughtUp() || tps.isEmpty()) {
      return;
    }
    catchUpTargets.clear();
    catchUpTargets.putAll(c.endOffsets(tps, Duration.ofSeconds(30)));
  }

  private void checkCaughtUp(KafkaConsumer<String, byte[]> c) {
    if (caughtUp()) {
      return;
    }
    if (groupId != null && c.assignment().isEmpty() && catchUpTargets.isEmpty()) {
      return;
    }
    for (Map.Entry<TopicPartition, Long> target : catchUpTargets.entrySet()) {
      if (c.assignment().contains(target.getKey())
          && c.position(target.getKey(), Duration.ofSeconds(10)) < target.getValue()) {
        return;
      }
    }
    LOG.info("Consumer [{}] caught up on {}", name, catchUpTargets.keySet());
    caughtUp.countDown();
  }

  private void process(ConsumerRecord<String, byte[]> record) {
    Decoded decoded = codec.decode(record);
    if (decoded instanceof Decoded.Ok ok) {
      deliver(record, ok.envelope());
    } else if (decoded instanceof Decoded.Unsupported u) {
      skip(record, "unsupported", u.type() + ": " + u.reason());
    } else if (decoded instanceof Decoded.Malformed m) {
      skip(record, "malformed", m.reason());
    }
  }

  private void deliver(ConsumerRecord<String, byte[]> record, Envelope<?> envelope) {
    for (int attempt = 1; running; attempt++) {
      try {
        handler.handle(envelope);
        Counter.builder("portolan.events.consumed")
            .tag("topic", record.topic())
            .tag("type", envelope.type())
            .register(meters)
            .increment();
        return;
      } catch (Exception e) {
        if (attempt >= maxAttempts) {
          Counter.builder("portolan.events.failed")
              .tag("topic", record.topic())
              .tag("type", envelope.type())
              .register(meters)
              .increment();
          LOG.error(
              "Consumer [{}] gave up on [{}] [{}] at [{}-{}@{}] after {} attempts",
              name,
              envelope.type(),
              envelope.key(),
              record.topic(),
              record.partition(),
              record.offset(),
              attempt,
              e);
          return;
        }
        LOG.warn(
            "Consumer [{}] failed on [{}] [{}] (attempt {} of {}): {}",
            name,
            envelope.type(),
            envelope.key(),
            attempt,
            maxAttempts,
            e.toString());
        pause(retryBackoff.multipliedBy(1L << Math.min(attempt - 1, 10)));
      }
    }
  }

  private void skip(ConsumerRecord<String, byte[]> record, String reason, String detail) {
    Counter.builder("portolan.events.skipped")
        .tag("topic", record.topic())
        .tag("reason", reason)
        .register(meters)
        .increment();
    LOG.warn(
        "Consumer [{}] skipped record [{}-{}@{}] with key [{}]: {}",
        name,
        record.topic(),
        record.partition(),
        record.offset(),
        record.key(),
        detail);
  }

  private void runAfterBatch() {
    try {
      handler.afterBatch();
    } catch (Exception e) {
      LOG.error("Consumer [{}] failed after a batch", name, e);
    }
  }

  private void commit(KafkaConsumer<String, byte[]> c) {
    try {
      c.commitSync(Duration.ofSeconds(30));
    } catch (WakeupException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.warn("Consumer [{}] could not commit offsets: {}", name, e.toString());
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(10_000);
      if (thread.isAlive()) {
        // stuck in a handler's retry pause or a long call: interrupt as a last resort
        thread.interrupt();
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    private final KafkaConsumer<String, byte[]> c;

    Rebalance(KafkaConsumer<String, byte[]> c) {
      this.c = c;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        commit(c);
      }
      if (partitionListener != null) {
        partitionListener.onRevoked(partitions);
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      setCatchUpTargets(c, c.assignment());
      if (partitionListener != null) {
        partitionListener.onAssigned(partitions);
      }
    }
  }

  /** Configures an {@link EventConsumer}. */
  public static final class Builder {
    private final KafkaSettings settings;
    private final EventCodec codec;
    private final String groupId;
    private final List<Topic> topics = new ArrayList<>();
    private String name;
    private Handler handler;
    private PartitionListener partitionListener;
    private MeterRegistry meters;
    private int maxAttempts = 3;
    private Duration retryBackoff = Duration.ofMillis(200);
    private boolean fromEnd;

    private Builder(KafkaSettings settings, EventCodec codec, String groupId) {
      this.settings = Objects.requireNonNull(settings, "settings");
      this.codec = Objects.requireNonNull(codec, "codec");
      this.groupId = groupId;
    }

    public Builder topics(Topic... topics) {
      this.topics.addAll(List.of(topics));
      return this;
    }

    /** A short name for logs, metrics and the thread. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder handler(Handler handler) {
      this.handler = handler;
      return this;
    }

    public Builder partitionListener(PartitionListener listener) {
      this.partitionListener = listener;
      return this;
    }

    public Builder meters(MeterRegistry meters) {
      this.meters = meters;
      return this;
    }

    /** How often a failing handler is tried per event before the event is given up (default 3). */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder retryBackoff(Duration retryBackoff) {
      this.retryBackoff = retryBackoff;
      return this;
    }

    public EventConsumer build() {
      if (topics.isEmpty()) {
        throw new IllegalStateException("An EventConsumer needs at least one topic");
      }
      if (name == null) {
        name =
            groupId != null ? groupId : (fromEnd ? "tail-" : "table-") + topics.get(0).baseName();
      }
      return new EventConsumer(this);
    }
  }
}
