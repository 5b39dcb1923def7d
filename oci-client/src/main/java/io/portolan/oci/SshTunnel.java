package io.portolan.oci;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Local port forwarding through an SSH bastion to a registry that only the bastion can reach: a
 * port on 127.0.0.1 that leads to {@code target}. The bastion's host key must be given and must
 * match, or nothing is sent; authentication is by private key (OpenSSH or PEM) or password.
 *
 * <p>Thread-safe; close it to end the session and the forwarding.
 */
public final class SshTunnel implements AutoCloseable {
  /**
   * Where the bastion is and how to log in.
   *
   * @param knownHostKey the bastion's host key as {@code ssh-keyscan} prints it: {@code <type>
   *     <base64>}
   */
  public record Settings(
      String host,
      int port,
      String user,
      String knownHostKey,
      String privateKey,
      String password,
      Duration timeout) {
    public Settings {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(user, "user");
      port = port == 0 ? 22 : port;
      timeout = timeout == null ? Duration.ofSeconds(15) : timeout;
    }

    @Override
    public String toString() { // never the key or the password
      return "ssh://" + user + "@" + host + ":" + port;
    }
  }

  private final SshClient client;
  private final ClientSession session;
  private final String localAddress;
  private final String description;

  private SshTunnel(SshClient client, ClientSession session, String localAddress, String d) {
    this.client = client;
    this.session = session;
    this.localAddress = localAddress;
    this.description = d;
  }

  /** Connects, checks the host key, logs in and forwards a local port to {@code target}. */
  public static SshTunnel open(Settings settings, String targetHost, int targetPort)
      throws IOException {
    if (settings.knownHostKey() == null || settings.knownHostKey().isBlank()) {
      throw new IOException(
          "SSH tunnel "
              + settings
              + ": the bastion's host key is not configured (connection.ssh.knownHostKey); get it"
              + " with ssh-keyscan -p "
              + settings.port()
              + " "
              + settings.host());
    }
    PublicKey expected;
    try {
      expected =
          PublicKeyEntry.parsePublicKeyEntry(hostKeyEntry(settings.knownHostKey()))
              .resolvePublicKey(null, null, null);
    } catch (Exception e) {
      throw new IOException(
          "SSH tunnel " + settings + ": the configured host key is not an OpenSSH public key", e);
    }
    SshClient client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(
        (session, remote, serverKey) -> KeyUtils.compareKeys(expected, serverKey));
    client.start();
    String description = settings + " to " + targetHost + ":" + targetPort;
    try {
      ClientSession session =
          client
              .connect(settings.user(), settings.host(), settings.port())
              .verify(settings.timeout())
              .getSession();
      if (settings.privateKey() != null && !settings.privateKey().isBlank()) {
        for (KeyPair pair : keys(settings)) {
          session.addPublicKeyIdentity(pair);
        }
      }
      if (settings.password() != null && !settings.password().isEmpty()) {
        session.addPasswordIdentity(settings.password());
      }
      try {
        session.auth().verify(settings.timeout());
      } catch (IOException e) {
        String reason = e.getMessage() == null ? "" : e.getMessage();
        throw new IOException(
            reason.contains("Server key did not validate")
                ? "SSH tunnel "
                    + settings
                    + ": the bastion's host key does not match the configured one (refused; check"
                    + " connection.ssh.knownHostKey)"
                : "SSH tunnel " + settings + ": login failed (" + reason + ")",
            e);
      }
      SshdSocketAddress bound =
          session.startLocalPortForwarding(
              new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress(targetHost, targetPort));
      return new SshTunnel(client, session, "127.0.0.1:" + bound.getPort(), description);
    } catch (IOException | RuntimeException e) {
      client.stop();
      if (e instanceof IOException io
          && io.getMessage() != null
          && io.getMessage().startsWith("SSH tunnel")) {
        throw io;
      }
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new IOException(
          "SSH tunnel "
              + settings
              + " could not be opened: "
              + (reason.contains("Server key did not validate")
                  ? "the bastion's host key does not match the configured one (refused; check"
                      + " connection.ssh.knownHostKey)"
                  : reason),
          e);
    }
  }

  private static String hostKeyEntry(String known) {
    String[] parts = known.trim().split("\\s+");
    // accept "host keytype base64" (a known_hosts line) as well as "keytype base64"
    return parts.length >= 3 && !parts[0].startsWith("ssh-") && !parts[0].startsWith("ecdsa-")
        ? parts[1] + " " + parts[2]
        : known.trim();
  }

  private static Iterable<KeyPair> keys(Settings settings) throws IOException {
    try {
      Iterable<KeyPair> pairs =
          SecurityUtils.loadKeyPairIdentities(
              null,
              () -> "connection.ssh.privateKey",
              new ByteArrayInputStream(settings.privateKey().getBytes(StandardCharsets.UTF_8)),
              null);
      if (pairs == null || !pairs.iterator().hasNext()) {
        throw new IOException("no key in it");
      }
      return pairs;
    } catch (Exception e) {
      throw new IOException(
          "SSH tunnel "
              + settings
              + ": the private key could not be read (an unencrypted OpenSSH or PEM key is"
              + " expected)",
          e);
    }
  }

  /** {@code 127.0.0.1:<port>}: where the registry is now reached. */
  public String localAddress() {
    return localAddress;
  }

  public boolean isOpen() {
    return session.isOpen() && !session.isClosing();
  }

  @Override
  public String toString() {
    return "SshTunnel[" + description + " at " + localAddress + "]";
  }

  @Override
  public void close() {
    try {
      session.close(true);
    } finally {
      client.stop();
    }
  }
}
