package io.portolan.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft mode (combined broker and controller) running inside this
 * JVM.
 *
 * <p>The log directory is formatted on first start and reused afterwards, so a restart over the
 * same directory keeps every topic. A single node needs replication factor 1 for the internal
 * topics, or consumer groups silently receive nothing; this class sets that.
 *
 * <p>Thread-safe: {@link #start} and {@link #close} are synchronized.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Path logDir;
  private final int port;
  private final Map<String, String> overrides;
  private KafkaRaftServer server; // guarded by this

  private EmbeddedKafka(Path logDir, int port, Map<String, String> overrides) {
    this.logDir = logDir;
    this.port = port;
    this.overrides = Map.copyOf(overrides);
  }

  /**
   * Starts a broker.
   *
   * @param logDir where the broker keeps its data; created and formatted when empty
   * @param port the client port on 127.0.0.1, or 0 for a free one
   * @param overrides broker properties that replace the defaults
   */
  public static EmbeddedKafka start(Path logDir, int port, Map<String, String> overrides) {
    EmbeddedKafka kafka =
        new EmbeddedKafka(logDir.toAbsolutePath(), port == 0 ? FreePorts.next() : port, overrides);
    kafka.startServer();
    return kafka;
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  private synchronized void startServer() {
    long started = System.nanoTime();
    int controllerPort = FreePorts.next();
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("num.partitions", "6");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "6");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "6");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    props.put("log.cleaner.backoff.ms", "1000");
    props.put("log.segment.delete.delay.ms", "1000");
    props.putAll(overrides);
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    try {
      Files.createDirectories(logDir);
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        new Formatter()
            .setNodeId(1)
            .setClusterId(Uuid.randomUuid().toString())
            .setDirectories(List.of(logDir.toString()))
            .setMetadataLogDirectory(logDir.toString())
            .setControllerListenerName("CONTROLLER")
            .setReleaseVersion(MetadataVersion.latestProduction())
            .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
            .run();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Tried to format Kafka storage in [" + logDir + "] but failed because: " + e, e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "Tried to format Kafka storage in [" + logDir + "] but failed because: " + e, e);
    }
    server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    LOG.info(
        "Kafka broker (KRaft) listening on [{}], data in [{}], started in {} ms",
        bootstrapServers(),
        logDir,
        (System.nanoTime() - started) / 1_000_000);
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
      LOG.info("Kafka broker on [{}] stopped", bootstrapServers());
    }
  }
}
