package io.portolan.service.registries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.portolan.events.Provider;
import io.portolan.events.RegistrySnapshot;
import io.portolan.events.sealed.PullCredential;
import io.portolan.testkit.RegistryAuth;
import io.portolan.testkit.RegistryServer;
import io.portolan.testkit.TestKit;
import java.time.Duration;
import java.time.Instant;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clients for registries in connection mode SSH_TUNNEL: one tunnel, kept and reopened. */
class RegistryClientsIT {
  private SshServer bastion;
  private RegistryClients clients;

  @BeforeEach
  void start() throws Exception {
    bastion = SshServer.setUpDefaultServer();
    bastion.setHost("127.0.0.1");
    bastion.setPort(0);
    bastion.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
    bastion.setPasswordAuthenticator(
        (user, password, session) -> user.equals("tunnel") && password.equals("s3cret"));
    bastion.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
    bastion.start();
    clients = new RegistryClients(RegistryEndpoints.none(), true);
  }

  @AfterEach
  void stop() throws Exception {
    clients.close();
    bastion.stop(true);
  }

  private RegistrySnapshot tunnelled(RegistryServer registry) throws Exception {
    String hostKey =
        PublicKeyEntry.toString(
            bastion.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
    return new RegistrySnapshot(
        "behind-bastion",
        Provider.OTHER,
        registry.host(),
        null,
        null,
        null,
        new RegistrySnapshot.Tls(RegistrySnapshot.TlsMode.INSECURE, null),
        new RegistrySnapshot.Connection(
            RegistrySnapshot.ConnectionMode.SSH_TUNNEL,
            null,
            null,
            "127.0.0.1",
            bastion.getPort(),
            "tunnel",
            hostKey),
        null,
        false,
        null,
        null);
  }

  private static PullCredential withSshPassword(String password) {
    Instant now = Instant.now();
    return new PullCredential(
        1, "reg-1", "registry", "robot", "unused", now, now.plusSeconds(60), null, null, password);
  }

  @Test
  void keepsOneTunnelPerRegistryAndOpensItAgainWhenItDropped() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.ANONYMOUS);
    RegistrySnapshot snapshot = tunnelled(registry);

    clients.client(snapshot, withSshPassword("s3cret")).ping();
    clients.client(snapshot, withSshPassword("s3cret")).ping();
    assertThat(bastion.getActiveSessions()).hasSize(1); // the second client reused the tunnel

    bastion.getActiveSessions().forEach(s -> s.close(true)); // the network drops it
    await().atMost(Duration.ofSeconds(5)).until(() -> bastion.getActiveSessions().isEmpty());

    clients.client(snapshot, withSshPassword("s3cret")).ping();
    assertThat(bastion.getActiveSessions()).hasSize(1);
  }

  @Test
  void aTunnelThatCannotOpenSaysWhy() throws Exception {
    RegistrySnapshot snapshot = tunnelled(TestKit.registry(RegistryAuth.ANONYMOUS));

    assertThatThrownBy(() -> clients.client(snapshot, withSshPassword("wrong")))
        .hasMessageContaining("login failed")
        .hasMessageNotContaining("wrong");
  }
}
