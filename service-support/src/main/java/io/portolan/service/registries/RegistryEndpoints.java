package io.portolan.service.registries;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registry hosts to reach at another address: {@code portolan.registry-endpoints} (environment
 * {@code PORTOLAN_REGISTRY_ENDPOINTS}), comma-separated {@code host=address} pairs, where address
 * is {@code host[:port]} (HTTPS) or {@code http://host:port}. For private endpoints, mirrors
 * reached by another name, and test registries standing in for cloud ones. The registry keeps its
 * name in pull secrets and messages.
 */
@Singleton
public final class RegistryEndpoints {
  private final Map<String, String> addresses;

  @Inject
  public RegistryEndpoints(@Value("${portolan.registry-endpoints:}") String pairs) {
    this.addresses = Map.copyOf(parse(pairs));
  }

  private RegistryEndpoints(Map<String, String> addresses) {
    this.addresses = Map.copyOf(addresses);
  }

  /** Endpoints given directly (tools and tests). */
  public static RegistryEndpoints of(Map<String, String> addresses) {
    return new RegistryEndpoints(addresses);
  }

  public static RegistryEndpoints none() {
    return new RegistryEndpoints(Map.of());
  }

  /** The address to reach the registry host at, or null for the host itself. */
  public String addressOf(String host) {
    return addresses.get(host);
  }

  public Map<String, String> asMap() {
    return addresses;
  }

  /** Reads {@code host=address,host=address}; refuses anything else, naming the bad pair. */
  public static Map<String, String> parse(String pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    if (pairs == null || pairs.isBlank()) {
      return map;
    }
    for (String pair : pairs.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.trim().length() - 1 || pair.substring(eq + 1).isBlank()) {
        throw new IllegalArgumentException(
            "portolan.registry-endpoints: each entry must be host=address, e.g."
                + " registry.example=10.0.0.5:5000; got ["
                + pair.trim()
                + "]");
      }
      map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return map;
  }
}
