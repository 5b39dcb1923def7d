package io.portolan.service.registries;

import io.micronaut.context.annotation.Value;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.sealed.PullCredential;
import io.portolan.oci.AddressPolicy;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.RegistryCredential;
import io.portolan.oci.TlsMode;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Builds OCI clients for catalog registries: their address (or the one configured in {@link
 * RegistryEndpoints}), TLS mode, proxy and (when held) credential. Clients refuse to connect to
 * link-local (cloud metadata) and unspecified addresses, and to loopback unless {@code
 * portolan.allow-loopback-registries} is set; whatever name, realm or redirect leads there. A
 * registry mapped in {@link RegistryEndpoints} may be on loopback (the operator chose it).
 */
@Singleton
public final class RegistryClients {
  private final RegistryEndpoints endpoints;
  private final boolean allowLoopback;

  public RegistryClients(
      RegistryEndpoints endpoints,
      @Value("${portolan.allow-loopback-registries:false}") boolean allowLoopback) {
    this.endpoints = endpoints;
    this.allowLoopback = allowLoopback;
  }

  /** Whether registries on loopback addresses are allowed (tests, the embedded platform). */
  public boolean allowLoopback() {
    return allowLoopback;
  }

  /** A client builder for the registry's host and TLS mode, without credentials. */
  public RegistryClient.Builder builder(RegistrySnapshot registry) {
    String mapped = endpoints.addressOf(registry.host());
    RegistryClient.Builder builder =
        RegistryClient.builder(registry.host())
            .reachAt(mapped)
            .addressPolicy(AddressPolicy.publicRegistries(mapped != null || allowLoopback))
            .connectTimeout(Duration.ofSeconds(10))
            .requestTimeout(Duration.ofSeconds(60));
    switch (registry.tls().mode()) {
      case SECURE_WITH_CA -> builder.tls(TlsMode.SECURE_WITH_CA, registry.tls().caCertificatePem());
      case INSECURE -> builder.tls(TlsMode.INSECURE, null);
      default -> builder.tls(TlsMode.SECURE, null);
    }
    if (registry.connection().mode() == RegistrySnapshot.ConnectionMode.PROXY
        && registry.connection().proxyUrl() != null) {
      builder.proxy(
          java.net.URI.create(registry.connection().proxyUrl()),
          registry.connection().proxyUsername(),
          null);
    }
    return builder;
  }

  /** A client with the credential when there is one, anonymous otherwise. */
  public RegistryClient client(RegistrySnapshot registry, PullCredential credential) {
    RegistryClient.Builder builder = builder(registry);
    if (credential != null) {
      builder.credential(RegistryCredential.basic(credential.username(), credential.password()));
      if (credential.proxyPassword() != null
          && registry.connection().mode() == RegistrySnapshot.ConnectionMode.PROXY) {
        builder.proxy(
            java.net.URI.create(registry.connection().proxyUrl()),
            registry.connection().proxyUsername(),
            credential.proxyPassword());
      }
    }
    return builder.build();
  }

  /**
   * The repository path inside the registry for a name: the registry URL's path, then the
   * namespace, then the name ({@code team/charts/api} for {@code host/team}, {@code charts}, {@code
   * api}).
   */
  public static String repository(RegistrySnapshot registry, String namespace, String name) {
    StringBuilder path = new StringBuilder();
    for (String part : new String[] {registry.pathPrefix(), namespace, name}) {
      if (part != null && !part.isBlank()) {
        if (path.length() > 0) {
          path.append('/');
        }
        path.append(part.replaceAll("^/+|/+$", ""));
      }
    }
    return path.toString();
  }
}
