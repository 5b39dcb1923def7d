package io.portolan.providers;

import io.portolan.events.RegistrySnapshot;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.RegistryCredential;
import io.portolan.oci.RegistryException;
import io.portolan.oci.RegistryUnauthorizedException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * Logs in to a registry with a credential through its own {@code /v2/} challenge (Basic, or the
 * bearer token exchange), and says in words what failed.
 */
public final class RegistryCheck {
  private final Function<RegistrySnapshot, RegistryClient.Builder> clients;

  /**
   * @param clients a client builder for a registry: its address, TLS mode and proxy
   */
  public RegistryCheck(Function<RegistrySnapshot, RegistryClient.Builder> clients) {
    this.clients = clients;
  }

  /** What reaching a registry may need besides its login: secrets of its connection. */
  public record ConnectionSecrets(String proxyPassword, String sshPrivateKey, String sshPassword) {
    public static final ConnectionSecrets NONE = new ConnectionSecrets(null, null, null);

    public static ConnectionSecrets of(io.portolan.events.sealed.RootCredentials root) {
      return root == null
          ? NONE
          : new ConnectionSecrets(root.proxyPassword(), root.sshPrivateKey(), root.sshPassword());
    }

    @Override
    public String toString() {
      return "ConnectionSecrets[...]";
    }
  }

  /** Authenticates; throws with the reason when the registry cannot be reached or refuses. */
  public void login(RegistrySnapshot registry, MintedCredential credential) throws MintException {
    login(registry, credential, ConnectionSecrets.NONE);
  }

  /**
   * Authenticates, through the registry's proxy or SSH tunnel with these secrets when it has one;
   * throws with the reason when the registry cannot be reached or refuses.
   */
  public void login(
      RegistrySnapshot registry, MintedCredential credential, ConnectionSecrets secrets)
      throws MintException {
    RegistryClient.Builder builder = clients.apply(registry).maxAttempts(2);
    if (secrets.proxyPassword() != null && registry.connection().proxyUrl() != null) {
      builder.proxy(
          java.net.URI.create(registry.connection().proxyUrl()),
          registry.connection().proxyUsername(),
          secrets.proxyPassword());
    }
    io.portolan.oci.SshTunnel tunnel = null;
    if (registry.connection().mode() == RegistrySnapshot.ConnectionMode.SSH_TUNNEL) {
      try {
        tunnel =
            io.portolan.service.registries.RegistryClients.openTunnel(
                registry, secrets.sshPrivateKey(), secrets.sshPassword());
      } catch (java.io.IOException e) {
        throw new MintException(e.getMessage(), true, e);
      }
      builder.apiHost(tunnel.localAddress());
    }
    try {
      loginThrough(registry, credential, builder);
    } finally {
      if (tunnel != null) {
        tunnel.close();
      }
    }
  }

  private static void loginThrough(
      RegistrySnapshot registry, MintedCredential credential, RegistryClient.Builder builder)
      throws MintException {
    if (credential != null) {
      builder.credential(RegistryCredential.basic(credential.username(), credential.password()));
    }
    try {
      builder.build().ping();
    } catch (RegistryUnauthorizedException e) {
      throw new MintException(
          credential == null
              ? "the registry " + registry.host() + " needs credentials (HTTP " + e.status() + ")"
              : "the registry "
                  + registry.host()
                  + " refused the credentials of ["
                  + credential.username()
                  + "] (HTTP "
                  + e.status()
                  + "); check the username and password or token",
          false,
          e);
    } catch (RegistryException e) {
      throw new MintException(describe(registry, e), e.status() == 0 || e.status() >= 500, e);
    }
  }

  /** What went wrong reaching the registry, in words, with what to do about it. */
  static String describe(RegistrySnapshot registry, RegistryException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) {
        return "the host " + registry.host() + " is not known to DNS; check the registry URL";
      }
      if (t instanceof HttpConnectTimeoutException) {
        return "connecting to "
            + registry.host()
            + " timed out; check the address, firewalls, or the connection mode (proxy, SSH tunnel)";
      }
      if (t instanceof ConnectException) {
        return "nothing accepts connections at "
            + registry.host()
            + "; check the port and that the registry is running";
      }
      if (t instanceof SSLException) {
        return "the TLS handshake with "
            + registry.host()
            + " failed ("
            + t.getMessage()
            + "); if it uses a private CA, set tls.mode SECURE_WITH_CA with that CA";
      }
      if (t instanceof HttpTimeoutException) {
        return "the registry " + registry.host() + " did not answer in time";
      }
    }
    if (e.status() == 404) {
      return "no registry API at "
          + registry.host()
          + "/v2/ (HTTP 404); check the URL points at the registry itself";
    }
    return e.getMessage();
  }
}
