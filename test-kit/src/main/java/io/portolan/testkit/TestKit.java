package io.portolan.testkit;

import io.portolan.embedded.EmbeddedKafka;
import io.portolan.embedded.EmbeddedPostgresServer;
import io.portolan.events.kafka.KafkaSettings;
import io.portolan.events.kafka.TopicProvisioner;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared real processes of one test JVM. Each is started on first use and stopped when the JVM
 * exits; test classes isolate themselves with their own topics ({@link #kafkaFor}), schema ({@link
 * #postgresSchemaFor}), repositories and namespaces.
 *
 * <p>Thread-safe.
 */
public final class TestKit {
  private static final Path ROOT =
      Path.of("target", "test-kit", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final Deque<AutoCloseable> STARTED =
      new ArrayDeque<>(); // guarded by TestKit.class
  private static EmbeddedKafka kafka; // guarded by TestKit.class
  private static EmbeddedPostgresServer postgres; // guarded by TestKit.class
  private static final Map<RegistryAuth, RegistryServer> REGISTRIES =
      new EnumMap<>(RegistryAuth.class); // guarded by TestKit.class

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(TestKit::stopAll, "test-kit-shutdown"));
  }

  private TestKit() {}

  /** Where this JVM's processes keep their files: {@code target/test-kit/<pid>}. */
  public static Path root() {
    return ROOT;
  }

  /** A fresh directory under {@link #root()}. */
  public static Path newDirectory(String name) {
    Path dir = ROOT.resolve(name + "-" + SEQUENCE.incrementAndGet());
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dir;
  }

  /** The KRaft broker of this JVM. */
  public static synchronized EmbeddedKafka kafka() {
    if (kafka == null) {
      kafka = EmbeddedKafka.start(ROOT.resolve("kafka"), 0, Map.of());
      STARTED.push(kafka);
    }
    return kafka;
  }

  /**
   * Kafka settings with a topic prefix of the test class's own, and the contract's topics created
   * under it (3 partitions each).
   */
  public static KafkaSettings kafkaFor(Class<?> testClass) {
    String prefix = uniqueName(testClass) + ".";
    KafkaSettings settings =
        new KafkaSettings(kafka().bootstrapServers(), prefix, testClass.getSimpleName());
    TopicProvisioner.ensureTopics(settings, 3, (short) 1);
    return settings;
  }

  /** The PostgreSQL server of this JVM. */
  public static synchronized EmbeddedPostgresServer postgres() {
    if (postgres == null) {
      postgres = EmbeddedPostgresServer.start(ROOT.resolve("pg-data"), ROOT.resolve("pg-work"), 0);
      postgres.ensureDatabase("portolan_test");
      STARTED.push(postgres);
    }
    return postgres;
  }

  /** A new, empty schema for the test class in the {@code portolan_test} database. */
  public static PostgresSchema postgresSchemaFor(Class<?> testClass) {
    return PostgresSchema.create(
        postgres(), "portolan_test", uniqueName(testClass).replace('-', '_'));
  }

  /** The {@code docker-registry} of this JVM with the given authentication. */
  public static synchronized RegistryServer registry(RegistryAuth auth) {
    return REGISTRIES.computeIfAbsent(
        auth,
        a -> {
          RegistryServer server = RegistryServer.start(a, newDirectory("registry-" + a.name()));
          STARTED.push(server);
          return server;
        });
  }

  /** Stops something at JVM exit, after everything started later. */
  public static synchronized void closeAtExit(AutoCloseable closeable) {
    STARTED.push(closeable);
  }

  /** {@code t-<class>-<n>}, lower case, unique within this JVM. */
  public static String uniqueName(Class<?> testClass) {
    String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (simple.length() > 30) {
      simple = simple.substring(0, 30);
    }
    return "t-" + simple + "-" + SEQUENCE.incrementAndGet();
  }

  private static synchronized void stopAll() {
    while (!STARTED.isEmpty()) {
      AutoCloseable next = STARTED.pop();
      try {
        next.close();
      } catch (Exception e) {
        System.err.println("test-kit: could not stop " + next + ": " + e);
      }
    }
  }
}
