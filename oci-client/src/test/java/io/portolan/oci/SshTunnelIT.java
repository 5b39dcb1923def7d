package io.portolan.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portolan.testkit.RegistryAuth;
import io.portolan.testkit.RegistryServer;
import io.portolan.testkit.TestKit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A registry reached only through an SSH bastion (Apache MINA SSHD as the bastion, the test kit's
 * docker-registry behind it), with the bastion's host key checked.
 */
class SshTunnelIT {
  private SshServer bastion;
  private String hostKey;
  private KeyPair userKey;
  private final List<String> forwarded = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    userKey = rsa.generateKeyPair();
    bastion = SshServer.setUpDefaultServer();
    bastion.setHost("127.0.0.1");
    bastion.setPort(0);
    bastion.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
    bastion.setPasswordAuthenticator(
        (user, password, session) -> user.equals("tunnel") && password.equals("s3cret"));
    bastion.setPublickeyAuthenticator(
        (user, key, session) ->
            user.equals("tunnel") && KeyUtils.compareKeys(key, userKey.getPublic()));
    bastion.setForwardingFilter(
        new ForwardingFilter() {
          @Override
          public boolean canForwardAgent(
              org.apache.sshd.common.session.Session session, String requestType) {
            return false;
          }

          @Override
          public boolean canForwardX11(
              org.apache.sshd.common.session.Session session, String requestType) {
            return false;
          }

          @Override
          public boolean canListen(
              SshdSocketAddress address, org.apache.sshd.common.session.Session session) {
            return false;
          }

          @Override
          public boolean canConnect(
              Type type,
              SshdSocketAddress address,
              org.apache.sshd.common.session.Session session) {
            forwarded.add(address.getHostName() + ":" + address.getPort());
            return true;
          }
        });
    bastion.start();
    hostKey =
        PublicKeyEntry.toString(
            bastion.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
  }

  @AfterEach
  void stop() throws IOException {
    bastion.stop(true);
  }

  private SshTunnel.Settings settings(String knownHostKey, String privateKey, String password) {
    return new SshTunnel.Settings(
        "127.0.0.1",
        bastion.getPort(),
        "tunnel",
        knownHostKey,
        privateKey,
        password,
        Duration.ofSeconds(10));
  }

  private static String pem(KeyPair pair) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  @Test
  void reachesARegistryBehindTheBastionWithAKey() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.HTPASSWD);
    try (SshTunnel tunnel =
        SshTunnel.open(settings(hostKey, pem(userKey), null), "127.0.0.1", registry.port())) {
      RegistryClient client =
          RegistryClient.builder(registry.host())
              .apiHost(tunnel.localAddress())
              .plainHttp(true)
              .credential(
                  RegistryCredential.basic(
                      registry.admin().username(), registry.admin().password()))
              .build();
      byte[] blob = "behind the bastion".getBytes(StandardCharsets.UTF_8);
      Digest digest = Digest.sha256(blob);
      String repository = TestKit.uniqueName(SshTunnelIT.class) + "/tunnelled";

      client.pushBlob(repository, digest, BlobSource.of(blob), null);

      assertThat(client.pullBlob(repository, digest, 100)).isEqualTo(blob);
      assertThat(forwarded).contains("127.0.0.1:" + registry.port());
      assertThat(tunnel.localAddress()).startsWith("127.0.0.1:").isNotEqualTo(registry.host());
    }
  }

  @Test
  void logsInWithAPasswordToo() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.ANONYMOUS);
    try (SshTunnel tunnel =
        SshTunnel.open(settings(hostKey, null, "s3cret"), "127.0.0.1", registry.port())) {
      RegistryClient.builder(registry.host())
          .apiHost(tunnel.localAddress())
          .plainHttp(true)
          .build()
          .ping();
      assertThat(tunnel.isOpen()).isTrue();
    }
  }

  @Test
  void refusesABastionWhoseHostKeyIsNotTheConfiguredOne() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    String otherKey = PublicKeyEntry.toString(ec.generateKeyPair().getPublic());

    assertThatThrownBy(() -> SshTunnel.open(settings(otherKey, null, "s3cret"), "127.0.0.1", 5000))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("host key does not match")
        .hasMessageNotContaining("s3cret");
    assertThat(forwarded).isEmpty();
  }

  @Test
  void saysWhatIsMissingOrWrong() {
    assertThatThrownBy(() -> SshTunnel.open(settings(null, null, "s3cret"), "127.0.0.1", 5000))
        .hasMessageContaining("knownHostKey")
        .hasMessageContaining("ssh-keyscan");
    assertThatThrownBy(() -> SshTunnel.open(settings(hostKey, null, "wrong"), "127.0.0.1", 5000))
        .hasMessageContaining("login failed")
        .hasMessageNotContaining("wrong");
    assertThatThrownBy(
            () -> SshTunnel.open(settings(hostKey, "not a key", null), "127.0.0.1", 5000))
        .hasMessageContaining("private key could not be read");
  }
}
