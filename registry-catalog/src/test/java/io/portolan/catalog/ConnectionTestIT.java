package io.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portolan.catalog.auth.ApiTokens;
import io.portolan.catalog.auth.Roles;
import io.portolan.events.EventJson;
import io.portolan.testkit.RegistryAuth;
import io.portolan.testkit.RegistryServer;
import io.portolan.testkit.RegistryUser;
import io.portolan.testkit.TestKit;
import io.portolan.testkit.peers.AcrPeer;
import io.portolan.testkit.peers.AwsPeer;
import io.portolan.testkit.peers.EntraPeer;
import io.portolan.testkit.peers.GooglePeer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /api/v1/registries/{id}/test-connection}: a real mint against each provider's peer
 * and a real {@code /v2/} login, reported step by step in words, never with a secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionTestIT {
  private static final String ECR_HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
  private static final String ACR_HOST = "teamregistry.azurecr.io";
  private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  private static final String SP = "6d9c7b8a-0000-4000-8000-000000000001";

  private CatalogFixture catalog;
  private Api admin;
  private RegistryServer htpasswd;
  private RegistryServer anonymous;
  private GooglePeer google;

  @BeforeAll
  void start() {
    RegistryServer tokenRegistry = TestKit.registry(RegistryAuth.TOKEN);
    htpasswd = TestKit.registry(RegistryAuth.HTPASSWD);
    anonymous = TestKit.registry(RegistryAuth.ANONYMOUS);
    AwsPeer aws =
        AwsPeer.start()
            .user(
                "AKIAPORTOLANCATALOG1", "catalog-aws-secret", "arn:aws:iam::123456789012:user/ci");
    aws.onToken(pw -> tokenRegistry.tokenServer().addUser(new RegistryUser("AWS", pw, false)));
    google = GooglePeer.start();
    google.onToken(
        t -> tokenRegistry.tokenServer().addUser(new RegistryUser("oauth2accesstoken", t, false)));
    EntraPeer entra = EntraPeer.start().servicePrincipal(TENANT, SP, "catalog-entra-secret");
    AcrPeer acr = AcrPeer.start(ACR_HOST, entra).grantPull(SP);
    catalog =
        CatalogFixture.start(
            new CatalogTestProperties(ConnectionTestIT.class),
            Map.of(
                "portolan.providers.ecr-endpoint", aws.uri().toString(),
                "portolan.providers.sts-endpoint", aws.uri().toString(),
                "portolan.providers.google-token-uri", google.tokenUri(),
                "portolan.providers.entra-authority", entra.uri().toString(),
                "portolan.registry-endpoints",
                    ECR_HOST
                        + "="
                        + tokenRegistry.baseUrl()
                        + ",europe-west1-docker.pkg.dev="
                        + tokenRegistry.baseUrl()
                        + ","
                        + ACR_HOST
                        + "="
                        + acr.uri()));
    admin = catalog.admin();
  }

  @AfterAll
  void stop() {
    catalog.close();
  }

  private String create(String json) {
    HttpResponse<String> created = admin.post("/api/v1/registries", json);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return Api.json(created).get("id").asText();
  }

  private JsonNode test(String id) {
    HttpResponse<String> tested = admin.post("/api/v1/registries/" + id + "/test-connection", "");
    assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
    return Api.json(tested);
  }

  private String other(String name, String host, String user, String password) {
    return """
        {"name":"%s","provider":"OTHER","url":"%s",
         "credentials":{"username":"%s","password":"%s"},"tls":{"mode":"INSECURE"}}
        """
        .formatted(name, host, user, password);
  }

  /** An SSH bastion on loopback that forwards to anything, for user tunnel / s3cret. */
  private static org.apache.sshd.server.SshServer bastion() throws java.io.IOException {
    org.apache.sshd.server.SshServer server = org.apache.sshd.server.SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(
        new org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider());
    server.setPasswordAuthenticator(
        (user, password, session) -> user.equals("tunnel") && password.equals("s3cret"));
    server.setForwardingFilter(org.apache.sshd.server.forward.AcceptAllForwardingFilter.INSTANCE);
    server.start();
    return server;
  }

  private static String hostKey(org.apache.sshd.server.SshServer server) throws Exception {
    return org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
        server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
  }

  private String tunnelled(String name, String knownHostKey, int sshPort) {
    RegistryUser user = htpasswd.admin();
    return """
        {"name":"%s","provider":"OTHER","url":"%s",
         "credentials":{"username":"%s","password":"%s"},"tls":{"mode":"INSECURE"},
         "connection":{"mode":"SSH_TUNNEL","ssh":{"host":"127.0.0.1","port":%d,"user":"tunnel",
           "password":"s3cret","knownHostKey":"%s"}}}
        """
        .formatted(name, htpasswd.host(), user.username(), user.password(), sshPort, knownHostKey);
  }

  @Test
  void logsInThroughAnSshTunnelWithTheBastionsHostKeyChecked() throws Exception {
    org.apache.sshd.server.SshServer server = bastion();
    try {
      String id = create(tunnelled("tunnelled-ok", hostKey(server), server.getPort()));

      JsonNode result = test(id);

      assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
      assertThat(result.at("/steps/1/detail").asText()).contains("accepted the login");
      assertThat(result.toString()).doesNotContain("s3cret");
      assertThat(server.getActiveSessions()).isEmpty(); // the tunnel was closed after the test
    } finally {
      server.stop(true);
    }
  }

  @Test
  void refusesABastionWithAnotherHostKey() throws Exception {
    org.apache.sshd.server.SshServer server = bastion();
    org.apache.sshd.server.SshServer impostor = bastion();
    try {
      // the key of another server: what a man in the middle would present
      String id = create(tunnelled("tunnelled-mitm", hostKey(impostor), server.getPort()));

      JsonNode result = test(id);

      assertThat(result.get("ok").asBoolean()).isFalse();
      assertThat(result.toString()).contains("host key does not match").doesNotContain("s3cret");
    } finally {
      server.stop(true);
      impostor.stop(true);
    }
  }

  @Test
  void aLongLivedLoginIsCheckedAgainstTheRegistry() {
    RegistryUser user = htpasswd.admin();
    String id = create(other("htpasswd-ok", htpasswd.host(), user.username(), user.password()));

    JsonNode result = test(id);

    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.at("/steps/0/step").asText()).isEqualTo("credentials");
    assertThat(result.at("/steps/1/step").asText()).isEqualTo("login");
    assertThat(result.at("/steps/1/detail").asText()).contains("accepted the login");
    assertThat(result.toString()).doesNotContain(user.password());
  }

  @Test
  void aWrongPasswordFailsAtLoginSayingSoAndIsAudited() {
    String id =
        create(
            other(
                "htpasswd-wrong", htpasswd.host(), htpasswd.admin().username(), "wrong-secret-1"));

    JsonNode result = test(id);

    assertThat(result.get("ok").asBoolean()).isFalse();
    JsonNode failed = result.at("/steps/1");
    assertThat(failed.get("step").asText()).isEqualTo("login");
    assertThat(failed.get("ok").asBoolean()).isFalse();
    assertThat(failed.get("detail").asText()).contains("refused the credentials of");
    assertThat(result.toString()).doesNotContain("wrong-secret-1");
    String audit = admin.get("/api/v1/audit?targetId=" + id).body();
    assertThat(audit).contains("registry.connection-tested").doesNotContain("wrong-secret-1");
  }

  @Test
  void nothingListeningIsReportedAsAConnectionProblem() {
    String id = create(other("closed-port", "127.0.0.1:1", "robot", "pw"));

    JsonNode result = test(id);

    assertThat(result.get("ok").asBoolean()).isFalse();
    assertThat(result.at("/steps/1/detail").asText()).contains("nothing accepts connections");
  }

  @Test
  void aPublicRegistryIsTestedAnonymously() {
    String id =
        create(
            """
            {"name":"public-one","provider":"OTHER","url":"%s","visibility":"PUBLIC",
             "tls":{"mode":"INSECURE"}}
            """
                .formatted(anonymous.host()));

    JsonNode result = test(id);

    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.at("/steps/1/detail").asText()).contains("anonymously");
  }

  @Test
  void ecrMintsATwelveHourTokenThenLogsIn() {
    String id =
        create(
            """
            {"name":"ecr-test","provider":"ECR","url":"%s",
             "credentials":{"authMode":"ACCESS_KEYS","accessKeyId":"AKIAPORTOLANCATALOG1",
                            "secretAccessKey":"catalog-aws-secret","region":"eu-west-1"}}
            """
                .formatted(ECR_HOST));

    JsonNode result = test(id);

    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.at("/steps/0/step").asText()).isEqualTo("mint");
    assertThat(result.at("/steps/0/detail").asText()).contains("[AWS]").contains("12 h");
    assertThat(result.toString()).doesNotContain("catalog-aws-secret");
  }

  @Test
  void artifactRegistryMintsAnAccessTokenThenLogsIn() {
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.put("name", "gar-test");
    body.put("provider", "GAR");
    body.put("url", "europe-west1-docker.pkg.dev/project/repo");
    body.putObject("credentials")
        .put(
            "serviceAccountKey", google.newServiceAccountKey("ci@project.iam.gserviceaccount.com"));
    String id = create(body.toString());

    JsonNode result = test(id);

    assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.at("/steps/0/detail").asText()).contains("[oauth2accesstoken]");
  }

  @Test
  void acrExchangesAnEntraTokenOrSaysWhoRefused() {
    String good =
        create(
            """
            {"name":"acr-test","provider":"ACR","url":"%s",
             "credentials":{"username":"%s","password":"catalog-entra-secret","tenantId":"%s"}}
            """
                .formatted(ACR_HOST, SP, TENANT));
    String bad =
        create(
            """
            {"name":"acr-bad","provider":"ACR","url":"%s",
             "credentials":{"username":"%s","password":"expired-entra-secret","tenantId":"%s"}}
            """
                .formatted(ACR_HOST, SP, TENANT));

    JsonNode ok = test(good);
    JsonNode refused = test(bad);

    assertThat(ok.get("ok").asBoolean()).as(ok.toString()).isTrue();
    assertThat(ok.at("/steps/0/detail").asText())
        .contains("[00000000-0000-0000-0000-000000000000]");
    assertThat(refused.get("ok").asBoolean()).isFalse();
    assertThat(refused.at("/steps/0/step").asText()).isEqualTo("mint");
    assertThat(refused.at("/steps/0/detail").asText())
        .contains("Entra refused")
        .contains("AADSTS7000215");
    assertThat(refused.toString()).doesNotContain("expired-entra-secret");
  }

  @Test
  void onlyAdminsTestAndUnknownRegistriesAreNotFound() {
    String viewer =
        catalog.bean(ApiTokens.class).create("viewer-ct", Roles.VIEWER, "test").token().reveal();

    assertThat(
            admin
                .as(viewer)
                .post("/api/v1/registries/00000000-0000-0000-0000-000000000000/test-connection", "")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            admin
                .post("/api/v1/registries/00000000-0000-0000-0000-000000000000/test-connection", "")
                .statusCode())
        .isEqualTo(404);
  }
}
