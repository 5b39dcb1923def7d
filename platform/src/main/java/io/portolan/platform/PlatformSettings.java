package io.portolan.platform;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the services of an embedded platform find their infrastructure.
 *
 * @param home the source checkout (service modules are found under it)
 * @param catalogJdbcUrl JDBC URL of the catalog's database
 * @param indexerJdbcUrl JDBC URL of the indexer's database
 * @param ports HTTP port per service name (0 for a free one)
 * @param overrides further properties per service name (for example the injector's Kubernetes
 *     connection; without one it uses the current kubeconfig context, or none)
 * @param bindHost the interface the services listen on
 */
public record PlatformSettings(
    Path home,
    String kafkaBootstrapServers,
    String topicPrefix,
    String catalogJdbcUrl,
    String indexerJdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    Map<String, Integer> ports,
    Map<String, Map<String, Object>> overrides,
    String bindHost,
    boolean allowLoopbackRegistries) {}
