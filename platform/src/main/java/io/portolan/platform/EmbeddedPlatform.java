package io.portolan.platform;

import io.portolan.embedded.FreePorts;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the five services in this JVM, each in its own class loader, against the given Kafka and
 * PostgreSQL, and stops them in reverse order. The embedded consumers (injector, indexer, pusher)
 * prove the platform's join token, so the catalog approves them without an admin.
 */
public final class EmbeddedPlatform implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPlatform.class);

  private final List<ServiceLoaderIsolation.Running> running;
  private final Map<String, String> urls;

  private EmbeddedPlatform(List<ServiceLoaderIsolation.Running> running, Map<String, String> urls) {
    this.running = running;
    this.urls = urls;
  }

  /** Starts every service; on failure stops what started and throws. */
  public static EmbeddedPlatform start(PlatformSettings settings, PlatformKeys keys)
      throws IOException {
    Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
    Map<String, String> urls = new LinkedHashMap<>();
    for (ServiceDefinition service : ServiceDefinition.ALL) {
      int port = settings.ports().getOrDefault(service.name(), service.defaultPort());
      if (port == 0) {
        port = FreePorts.next();
      }
      properties.put(service.name(), properties(service, port, settings, keys));
      urls.put(service.name(), "http://" + displayHost(settings.bindHost()) + ":" + port);
    }
    ExecutorService pool = Executors.newFixedThreadPool(ServiceDefinition.ALL.size());
    List<Future<ServiceLoaderIsolation.Running>> futures = new ArrayList<>();
    for (ServiceDefinition service : ServiceDefinition.ALL) {
      List<URL> classPath =
          ServiceLoaderIsolation.classPath(settings.home().resolve(service.module()));
      Map<String, Object> props = properties.get(service.name());
      futures.add(
          pool.submit(
              () ->
                  ServiceLoaderIsolation.start(
                      service.name(), classPath, service.mainClass(), props)));
    }
    List<ServiceLoaderIsolation.Running> started = new ArrayList<>();
    RuntimeException failure = null;
    for (Future<ServiceLoaderIsolation.Running> future : futures) {
      try {
        started.add(future.get());
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause();
        failure =
            failure != null
                ? failure
                : cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new IllegalStateException("Interrupted while starting services", e);
      }
    }
    pool.shutdown();
    EmbeddedPlatform platform = new EmbeddedPlatform(started, urls);
    if (failure != null) {
      platform.close();
      throw failure;
    }
    return platform;
  }

  /** Base URL per service name. */
  public Map<String, String> urls() {
    return urls;
  }

  public String url(ServiceDefinition service) {
    return urls.get(service.name());
  }

  static Map<String, Object> properties(
      ServiceDefinition service, int port, PlatformSettings s, PlatformKeys keys)
      throws IOException {
    Map<String, Object> p = new HashMap<>();
    p.put("micronaut.server.port", port);
    p.put("micronaut.server.host", s.bindHost());
    p.put("portolan.kafka.bootstrap-servers", s.kafkaBootstrapServers());
    p.put("portolan.kafka.topic-prefix", s.topicPrefix());
    p.put("portolan.allow-loopback-registries", s.allowLoopbackRegistries());
    String joinToken = keys.joinToken().reveal();
    List<String> apiTokens = List.of("admin=" + keys.adminTokenSha256());
    switch (service.name()) {
      case "registry-catalog" -> {
        database(p, s.catalogJdbcUrl(), s);
        p.put("portolan.catalog.master-keyset-file", keys.masterKeysetFile().toString());
        p.put(
            "portolan.catalog.minter-public-keyset-file", keys.minterPublicKeysetFile().toString());
        p.put("portolan.catalog.bootstrap-join-token", joinToken);
        if (keys.newAdminToken() != null) {
          p.put("portolan.catalog.bootstrap-admin-token", keys.newAdminToken().reveal());
        }
      }
      case "credential-minter" ->
          p.put("portolan.minter.private-keyset-file", keys.minterKeysetFile().toString());
      case "chart-indexer" -> {
        database(p, s.indexerJdbcUrl(), s);
        consumer(p, "indexer", keys, joinToken);
        p.put("portolan.api.tokens", apiTokens);
      }
      case "helm-pusher" -> {
        consumer(p, "pusher", keys, joinToken);
        p.put("portolan.api.tokens", apiTokens);
      }
      case "cluster-injector" -> {
        consumer(p, "injector", keys, joinToken);
        p.put("portolan.injector.cluster-id", "local");
      }
      default -> throw new IllegalArgumentException(service.name());
    }
    p.putAll(s.overrides().getOrDefault(service.name(), Map.of()));
    return p;
  }

  private static void database(Map<String, Object> p, String url, PlatformSettings s) {
    p.put("datasources.default.url", url);
    p.put("datasources.default.username", s.jdbcUser());
    p.put("datasources.default.password", s.jdbcPassword());
    p.put("datasources.default.maximum-pool-size", 5);
  }

  private static void consumer(
      Map<String, Object> p, String kind, PlatformKeys keys, String joinToken) {
    p.put("portolan." + kind + ".keyset-file", keys.consumerKeysetFile(kind).toString());
    p.put("portolan." + kind + ".join-token", joinToken);
    p.put("portolan." + kind + ".join-token-id", "bootstrap");
  }

  private static String displayHost(String bindHost) {
    return bindHost.equals("0.0.0.0") ? "127.0.0.1" : bindHost;
  }

  @Override
  public void close() {
    for (int i = running.size() - 1; i >= 0; i--) {
      ServiceLoaderIsolation.Running service = running.get(i);
      try {
        service.close();
      } catch (Exception e) {
        LOG.warn("Could not stop [{}] cleanly: {}", service.name(), e.toString());
      }
    }
  }

  /** The source checkout: {@code portolan.home}, else the working directory. */
  public static Path home() {
    String home = System.getProperty("portolan.home");
    return Path.of(home == null ? "" : home).toAbsolutePath();
  }
}
