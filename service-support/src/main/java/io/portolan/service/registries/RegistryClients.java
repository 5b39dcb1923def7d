package io.portolan.service.registries;

import io.micronaut.context.annotation.Value;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.sealed.PullCredential;
import io.portolan.oci.AddressPolicy;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.RegistryCredential;
import io.portolan.oci.SshTunnel;
import io.portolan.oci.TlsMode;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds OCI clients for catalog registries: their address (or the one configured in {@link
 * RegistryEndpoints}), TLS mode, proxy and (when held) credential. Clients refuse to connect to
 * link-local (cloud metadata) and unspecified addresses, and to loopback unless {@code
 * portolan.allow-loopback-registries} is set; whatever name, realm or redirect leads there. A
 * registry mapped in {@link RegistryEndpoints} may be on loopback (the operator chose it).
 */
@Singleton
public final class RegistryClients implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryClients.class);

  private final RegistryEndpoints endpoints;
  private final boolean allowLoopback;
  // one SSH tunnel per registry and tunnel settings, kept open and reopened when it dropped
  private final Map<String, SshTunnel> tunnels = new ConcurrentHashMap<>();

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

  /**
   * A client with the credential when there is one, anonymous otherwise; through the registry's SSH
   * tunnel when it has one (opened on first use, kept, and reopened when it dropped).
   *
   * @throws IllegalStateException when the SSH tunnel cannot be opened, saying why
   */
  public RegistryClient client(RegistrySnapshot registry, PullCredential credential) {
    RegistryClient.Builder builder = builder(registry);
    if (registry.connection().mode() == RegistrySnapshot.ConnectionMode.SSH_TUNNEL) {
      builder.apiHost(
          tunnel(
                  registry,
                  credential == null ? null : credential.sshPrivateKey(),
                  credential == null ? null : credential.sshPassword())
              .localAddress());
    }
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

  private SshTunnel tunnel(RegistrySnapshot registry, String privateKey, String password) {
    RegistrySnapshot.Connection c = registry.connection();
    String key =
        registry.host()
            + "|"
            + c.sshUser()
            + "@"
            + c.sshHost()
            + ":"
            + c.sshPort()
            + "|"
            + c.sshKnownHostKey()
            + "|"
            + fingerprint(privateKey, password);
    synchronized (tunnels) {
      SshTunnel open = tunnels.get(key);
      if (open != null && open.isOpen()) {
        return open;
      }
      if (open != null) {
        LOG.info("SSH tunnel for [{}] dropped; opening it again", registry.host());
        open.close();
      }
      try {
        SshTunnel tunnel = openTunnel(registry, privateKey, password);
        tunnels.put(key, tunnel);
        LOG.info("Opened {}", tunnel);
        return tunnel;
      } catch (IOException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }

  private static String fingerprint(String privateKey, String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(String.valueOf(privateKey).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(String.valueOf(password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Opens an SSH tunnel to the registry through its bastion (connection mode {@code SSH_TUNNEL}):
   * the registry's host and port (443 when none is given) as the bastion reaches them.
   */
  public static SshTunnel openTunnel(RegistrySnapshot registry, String privateKey, String password)
      throws IOException {
    RegistrySnapshot.Connection c = registry.connection();
    String host = registry.host();
    int port = 443;
    int colon = host.lastIndexOf(':');
    if (colon > 0 && !host.endsWith("]")) {
      port = Integer.parseInt(host.substring(colon + 1));
      host = host.substring(0, colon);
    }
    return SshTunnel.open(
        new SshTunnel.Settings(
            c.sshHost(),
            c.sshPort() == null ? 22 : c.sshPort(),
            c.sshUser(),
            c.sshKnownHostKey(),
            privateKey,
            password,
            Duration.ofSeconds(15)),
        host,
        port);
  }

  @PreDestroy
  @Override
  public void close() {
    synchronized (tunnels) {
      tunnels.values().forEach(SshTunnel::close);
      tunnels.clear();
    }
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
