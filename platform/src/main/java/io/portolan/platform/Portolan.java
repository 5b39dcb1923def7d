package io.portolan.platform;

import io.portolan.embedded.EmbeddedKafka;
import io.portolan.embedded.EmbeddedPostgresServer;
import io.portolan.embedded.FreePorts;
import io.portolan.events.Topic;
import io.portolan.sealing.AtRestCipher;
import io.portolan.sealing.KeysetFiles;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.SealingKeys;
import io.portolan.sealing.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code portolan} command.
 *
 * <pre>
 * portolan up [--data DIR] [--host HOST] [--kafka-port N]   run everything on embedded Kafka and PostgreSQL
 * portolan keys generate [--out DIR]                         keys for a deployment of the services
 * portolan keys rotate-master --keyset FILE                 a new primary master key, old ones kept
 * portolan keys retire-old-master-keys --keyset FILE        only the primary, after re-encryption
 * </pre>
 */
public final class Portolan {
  private Portolan() {}

  public static void main(String[] args) throws Exception {
    List<String> a = List.of(args);
    if (a.isEmpty() || a.contains("--help") || a.contains("-h")) {
      usage();
      return;
    }
    switch (a.get(0)) {
      case "up" -> up(a);
      case "keys" -> keys(a);
      default -> {
        System.err.println("Unknown command: " + a.get(0));
        usage();
        System.exit(2);
      }
    }
  }

  private static void usage() {
    System.out.println(
        """
        Usage:
          portolan up [--data DIR] [--host HOST] [--kafka-port N]
              Runs all five services in one JVM on an embedded Kafka broker and PostgreSQL.
              Data is kept in DIR (default .portolan), so a restart keeps state.
          portolan keys generate [--out DIR]
              Writes a master keyset for the catalog and a key pair for the minter (for
              deployments of the separate services; see compose/).
          portolan keys rotate-master --keyset FILE
              Adds a new primary key to the catalog's master keyset; the old keys stay so that
              stored secrets keep decrypting. Deploy it to every catalog instance, then run the
              catalog's re-encrypt-secrets command (or POST /api/v1/maintenance/re-encrypt).
          portolan keys retire-old-master-keys --keyset FILE
              Keeps only the primary key. Only after re-encryption reported nothing remaining.
        """);
  }

  private static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
  }

  private static void up(List<String> args) throws Exception {
    long started = System.nanoTime();
    Path home = EmbeddedPlatform.home();
    Path data =
        Path.of(
                option(
                    args,
                    "--data",
                    System.getenv()
                        .getOrDefault("PORTOLAN_DATA", home.resolve(".portolan").toString())))
            .toAbsolutePath();
    String host = option(args, "--host", "127.0.0.1");
    int kafkaPort = Integer.parseInt(option(args, "--kafka-port", Integer.toString(freeOr(9092))));
    Files.createDirectories(data);
    System.out.println("Starting Portolan; data in " + data);

    EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"), kafkaPort, Map.of());
    EmbeddedPostgresServer postgres =
        EmbeddedPostgresServer.start(
            data.resolve("postgres/data"), data.resolve("postgres/work"), 0);
    postgres.ensureDatabase("portolan_catalog");
    postgres.ensureDatabase("portolan_indexer");
    PlatformKeys keys = PlatformKeys.loadOrCreate(data.resolve("keys"));

    Map<String, Integer> ports = new HashMap<>();
    for (ServiceDefinition s : ServiceDefinition.ALL) {
      ports.put(s.name(), freeOr(s.defaultPort()));
    }
    PlatformSettings settings =
        new PlatformSettings(
            home,
            kafka.bootstrapServers(),
            Topic.DEFAULT_PREFIX,
            postgres.jdbcUrl("portolan_catalog"),
            postgres.jdbcUrl("portolan_indexer"),
            postgres.username(),
            "",
            ports,
            Map.of(),
            host,
            true);
    EmbeddedPlatform platform;
    try {
      platform = EmbeddedPlatform.start(settings, keys);
    } catch (RuntimeException e) {
      postgres.close();
      kafka.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nStopping Portolan...");
                  platform.close();
                  postgres.close();
                  kafka.close();
                  System.out.println("Stopped.");
                  stopped.countDown();
                },
                "portolan-shutdown"));

    StringBuilder summary = new StringBuilder();
    summary.append(
        String.format(
            "%nPortolan is up (started in %.1f s). Data in %s%n%n",
            (System.nanoTime() - started) / 1e9, data));
    platform
        .urls()
        .forEach((name, url) -> summary.append(String.format("  %-18s %s%n", name, url)));
    summary.append(
        String.format(
            "%n  registry API       %s/api/v1/registries   health: <url>/health   metrics: <url>/prometheus%n",
            platform.url(ServiceDefinition.CATALOG)));
    summary.append(
        String.format(
            "  Kafka              %s (topics %s*)%n",
            kafka.bootstrapServers(), Topic.DEFAULT_PREFIX));
    summary.append(String.format("  PostgreSQL         127.0.0.1:%d%n", postgres.port()));
    if (keys.newAdminToken() != null) {
      summary.append(
          String.format(
              "%n  Admin API token (shown only now; store it safely):%n%n    %s%n",
              keys.newAdminToken().reveal()));
    } else {
      summary.append(
          "\n  Use the admin API token printed at the first start (only its hash is kept).\n");
    }
    summary.append("\nPress Ctrl-C to stop.\n");
    System.out.print(summary);
    stopped.await();
  }

  private static void keys(List<String> args) throws IOException, SealingException {
    String action = args.size() < 2 ? "" : args.get(1);
    if (action.equals("rotate-master") || action.equals("retire-old-master-keys")) {
      String file = option(args, "--keyset", null);
      if (file == null) {
        System.err.println("Name the master keyset file: --keyset FILE");
        System.exit(2);
      }
      Path keyset = Path.of(file).toAbsolutePath();
      Secret current = KeysetFiles.read(keyset);
      Secret next =
          action.equals("rotate-master")
              ? AtRestCipher.rotate(current)
              : AtRestCipher.withoutOldKeys(current);
      KeysetFiles.write(keyset, next);
      AtRestCipher cipher = AtRestCipher.fromKeysetJson(next);
      System.out.printf(
          "Wrote %s: %d key(s), primary key id %d.%n%s%n",
          keyset,
          cipher.keyCount(),
          cipher.primaryKeyId(),
          action.equals("rotate-master")
              ? "Deploy it to every catalog instance, then re-encrypt the stored secrets."
              : "Stored secrets under the removed keys can no longer be read.");
      return;
    }
    if (!action.equals("generate")) {
      usage();
      System.exit(2);
    }
    Path out = Path.of(option(args, "--out", "portolan-keys")).toAbsolutePath();
    Files.createDirectories(out);
    KeysetFiles.write(out.resolve("master-keyset.json"), AtRestCipher.generateKeyset());
    SealingKeys minter = SealingKeys.generate();
    KeysetFiles.write(out.resolve("minter-keyset.json"), minter.privateKeysetJson());
    Files.writeString(out.resolve("minter-public-keyset.json"), minter.publicKeysetJson());
    System.out.printf(
        """
        Wrote keys to %s (private files are readable by their owner only):
          master-keyset.json         catalog: PORTOLAN_CATALOG_MASTER_KEYSET_FILE
          minter-public-keyset.json  catalog: PORTOLAN_CATALOG_MINTER_PUBLIC_KEYSET_FILE
          minter-keyset.json         minter:  PORTOLAN_MINTER_PRIVATE_KEYSET_FILE
        Minter key fingerprint: %s
        """,
        out, minter.fingerprint());
  }

  /** The preferred port when free on loopback, else another free one. */
  static int freeOr(int preferred) {
    try (ServerSocket socket = new ServerSocket(preferred, 1, InetAddress.getLoopbackAddress())) {
      return preferred;
    } catch (IOException e) {
      return FreePorts.next();
    }
  }
}
