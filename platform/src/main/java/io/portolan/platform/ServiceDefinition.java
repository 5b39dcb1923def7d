package io.portolan.platform;

import java.util.List;

/** One of the five services: its module folder and entry class. */
public record ServiceDefinition(String name, String module, String mainClass, int defaultPort) {
  public static final ServiceDefinition CATALOG =
      new ServiceDefinition(
          "registry-catalog", "registry-catalog", "io.portolan.catalog.CatalogApplication", 8081);
  public static final ServiceDefinition MINTER =
      new ServiceDefinition(
          "credential-minter", "credential-minter", "io.portolan.minter.MinterApplication", 8082);
  public static final ServiceDefinition INJECTOR =
      new ServiceDefinition(
          "cluster-injector", "cluster-injector", "io.portolan.injector.InjectorApplication", 8083);
  public static final ServiceDefinition INDEXER =
      new ServiceDefinition(
          "chart-indexer", "chart-indexer", "io.portolan.indexer.IndexerApplication", 8084);
  public static final ServiceDefinition PUSHER =
      new ServiceDefinition(
          "helm-pusher", "helm-pusher", "io.portolan.pusher.PusherApplication", 8085);

  /**
   * In start order: the catalog first (it approves the others), then the minter, then consumers.
   */
  public static final List<ServiceDefinition> ALL =
      List.of(CATALOG, MINTER, INDEXER, PUSHER, INJECTOR);
}
