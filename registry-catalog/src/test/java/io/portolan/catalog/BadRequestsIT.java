package io.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portolan.events.EventJson;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, row by row: every request gets problem+json naming the field that was wrong (never a
 * 5xx) and changes nothing that is stored. This catalog refuses loopback registry addresses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestsIT {
  private CatalogFixture catalog;
  private Api admin;
  private String existingId;

  static final String CA =
      """
      -----BEGIN CERTIFICATE-----
      MIIBdDCCARmgAwIBAgIUXw3B0aLPUV+pA2J7n6WJn9uZ5x0wCgYIKoZIzj0EAwIw
      -----END CERTIFICATE-----
      """;

  /** A valid private OTHER registry; rows change one thing about it. */
  static ObjectNode valid() {
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.put("name", "fresh");
    body.put("provider", "OTHER");
    body.put("url", "registry.internal.example:5000/team");
    ObjectNode creds = body.putObject("credentials");
    creds.put("username", "robot");
    creds.put("password", "s3cret-value");
    return body;
  }

  static ObjectNode validGar() {
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.put("name", "fresh-gar");
    body.put("provider", "GAR");
    body.put("url", "europe-west1-docker.pkg.dev/project/repo");
    body.putObject("credentials").put("serviceAccountKey", Fixtures.serviceAccountKey());
    return body;
  }

  /** One bad request: what to send, and the status and field expected back. */
  record Row(
      String label,
      String method,
      String path,
      String contentType,
      byte[] body,
      int status,
      String field) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Row create(String label, UnaryOperator<ObjectNode> change, String field) {
    return new Row(
        label,
        "POST",
        "/api/v1/registries",
        "application/json",
        change.apply(valid()).toString().getBytes(),
        400,
        field);
  }

  static Row createGar(String label, UnaryOperator<ObjectNode> change, String field) {
    return new Row(
        label,
        "POST",
        "/api/v1/registries",
        "application/json",
        change.apply(validGar()).toString().getBytes(),
        400,
        field);
  }

  static Row raw(
      String label,
      String method,
      String path,
      String contentType,
      String body,
      int status,
      String field) {
    return new Row(
        label, method, path, contentType, body == null ? null : body.getBytes(), status, field);
  }

  static ObjectNode obj(ObjectNode node, String field) {
    return (ObjectNode) node.get(field);
  }

  static Stream<Row> rows() {
    List<Row> rows = new ArrayList<>();
    // body shape
    rows.add(
        raw(
            "malformed JSON",
            "POST",
            "/api/v1/registries",
            "application/json",
            "{\"name\":",
            400,
            "body"));
    rows.add(
        raw(
            "JSON array instead of object",
            "POST",
            "/api/v1/registries",
            "application/json",
            "[]",
            400,
            "body"));
    rows.add(raw("empty body", "POST", "/api/v1/registries", "application/json", "", 400, "body"));
    rows.add(
        raw(
            "duplicate key",
            "POST",
            "/api/v1/registries",
            "application/json",
            "{\"name\":\"a\",\"name\":\"b\",\"provider\":\"OTHER\",\"url\":\"r.example\"}",
            400,
            "body"));
    rows.add(
        raw("text/plain body", "POST", "/api/v1/registries", "text/plain", "name=x", 415, null));
    rows.add(
        raw(
            "oversized body",
            "POST",
            "/api/v1/registries",
            "application/json",
            "{\"name\":\"" + "x".repeat(1_100_000) + "\"}",
            413,
            null));
    rows.add(create("unknown top-level field", b -> b.put("colour", "red"), "colour"));
    rows.add(
        create(
            "unknown nested field",
            b -> {
              obj(b, "credentials").put("pasword", "x");
              return b;
            },
            "credentials.pasword"));
    // name
    rows.add(
        create(
            "name missing",
            b -> {
              b.remove("name");
              return b;
            },
            "name"));
    rows.add(create("name is a number", b -> b.put("name", 42), "name"));
    rows.add(create("name upper case", b -> b.put("name", "Prod"), "name"));
    rows.add(create("name with underscore", b -> b.put("name", "prod_eu"), "name"));
    rows.add(create("name too long", b -> b.put("name", "a".repeat(60)), "name"));
    rows.add(create("name ends with dash", b -> b.put("name", "prod-"), "name"));
    // provider
    rows.add(
        create(
            "provider missing",
            b -> {
              b.remove("provider");
              return b;
            },
            "provider"));
    rows.add(create("provider unknown", b -> b.put("provider", "HARBOR"), "provider"));
    rows.add(create("provider not a string", b -> b.put("provider", true), "provider"));
    rows.add(create("visibility unknown", b -> b.put("visibility", "INTERNAL"), "visibility"));
    // url
    rows.add(
        create(
            "url missing",
            b -> {
              b.remove("url");
              return b;
            },
            "url"));
    rows.add(
        create("url with https scheme", b -> b.put("url", "https://registry.example.com"), "url"));
    rows.add(
        create(
            "url with oci scheme", b -> b.put("url", "oci://registry.example.com/charts"), "url"));
    rows.add(create("url with spaces", b -> b.put("url", "registry example.com"), "url"));
    rows.add(
        create("url port out of range", b -> b.put("url", "registry.example.com:99999"), "url"));
    rows.add(create("url on loopback", b -> b.put("url", "127.0.0.1:5000"), "url"));
    rows.add(create("url is localhost", b -> b.put("url", "localhost:5000"), "url"));
    rows.add(create("url is the metadata service", b -> b.put("url", "169.254.169.254"), "url"));
    rows.add(
        create(
            "ECR url not an ECR host",
            b -> b.put("provider", "ECR").put("url", "registry.example.com"),
            "url"));
    rows.add(
        create(
            "GAR url not a pkg.dev host",
            b -> b.put("provider", "GAR").put("url", "gcr.example.com"),
            "url"));
    rows.add(
        create(
            "ACR url not azurecr.io",
            b -> b.put("provider", "ACR").put("url", "registry.example.com"),
            "url"));
    rows.add(
        create(
            "organization too long", b -> b.put("organization", "o".repeat(300)), "organization"));
    // credentials by provider
    rows.add(
        create(
            "private OTHER without password",
            b -> {
              obj(b, "credentials").remove("password");
              return b;
            },
            "credentials.password"));
    rows.add(
        create(
            "private OTHER without username",
            b -> {
              obj(b, "credentials").remove("username");
              return b;
            },
            "credentials.username"));
    rows.add(
        create(
            "empty password",
            b -> {
              obj(b, "credentials").put("password", "");
              return b;
            },
            "credentials.password"));
    rows.add(
        create(
            "password is a number",
            b -> {
              obj(b, "credentials").put("password", 123);
              return b;
            },
            "credentials.password"));
    rows.add(
        create("credentials not an object", b -> b.put("credentials", "robot:pw"), "credentials"));
    rows.add(
        create(
            "ECR region differs from URL",
            b -> {
              b.put("provider", "ECR").put("url", "123456789012.dkr.ecr.eu-west-1.amazonaws.com");
              obj(b, "credentials")
                  .put("region", "us-east-1")
                  .put("accessKeyId", "AKIA")
                  .put("secretAccessKey", "s");
              return b;
            },
            "credentials.region"));
    rows.add(
        create(
            "ECR access keys without secret",
            b -> {
              b.put("provider", "ECR").put("url", "123456789012.dkr.ecr.eu-west-1.amazonaws.com");
              obj(b, "credentials").put("accessKeyId", "AKIA");
              return b;
            },
            "credentials.secretAccessKey"));
    rows.add(
        create(
            "ECR unknown auth mode",
            b -> {
              b.put("provider", "ECR").put("url", "123456789012.dkr.ecr.eu-west-1.amazonaws.com");
              obj(b, "credentials").put("authMode", "PASSWORD");
              return b;
            },
            "credentials.authMode"));
    rows.add(
        create(
            "ECR createRepositories not a boolean",
            b -> {
              b.put("provider", "ECR").put("url", "123456789012.dkr.ecr.eu-west-1.amazonaws.com");
              obj(b, "credentials")
                  .put("accessKeyId", "AKIA")
                  .put("secretAccessKey", "s")
                  .put("createRepositories", "yes");
              return b;
            },
            "credentials.createRepositories"));
    rows.add(
        create(
            "ECR createRepositories with IAM_ROLE and no role",
            b -> {
              b.put("provider", "ECR").put("url", "123456789012.dkr.ecr.eu-west-1.amazonaws.com");
              obj(b, "credentials").put("authMode", "IAM_ROLE").put("createRepositories", true);
              return b;
            },
            "credentials.createRepositories"));
    rows.add(
        create(
            "createRepositories on a registry that is not ECR",
            b -> {
              obj(b, "credentials").put("createRepositories", true);
              return b;
            },
            "credentials.createRepositories"));
    rows.add(
        createGar(
            "GAR without key",
            b -> {
              obj(b, "credentials").remove("serviceAccountKey");
              return b;
            },
            "credentials.serviceAccountKey"));
    rows.add(
        createGar(
            "GAR key not JSON",
            b -> {
              obj(b, "credentials").put("serviceAccountKey", "not json");
              return b;
            },
            "credentials.serviceAccountKey"));
    rows.add(
        createGar(
            "GAR key of the wrong type",
            b -> {
              obj(b, "credentials")
                  .put(
                      "serviceAccountKey",
                      "{\"type\":\"authorized_user\",\"client_email\":\"a@b\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\",\"token_uri\":\"https://o\"}");
              return b;
            },
            "credentials.serviceAccountKey.type"));
    rows.add(
        createGar(
            "GAR key without private key",
            b -> {
              obj(b, "credentials")
                  .put(
                      "serviceAccountKey",
                      "{\"type\":\"service_account\",\"client_email\":\"a@b\",\"token_uri\":\"https://o\"}");
              return b;
            },
            "credentials.serviceAccountKey.private_key"));
    rows.add(
        createGar(
            "GAR key with http token_uri",
            b -> {
              obj(b, "credentials")
                  .put(
                      "serviceAccountKey",
                      "{\"type\":\"service_account\",\"client_email\":\"a@b\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\",\"token_uri\":\"http://o\"}");
              return b;
            },
            "credentials.serviceAccountKey.token_uri"));
    rows.add(
        createGar(
            "GAR key whose private key is not RSA PKCS #8",
            b -> {
              obj(b, "credentials")
                  .put(
                      "serviceAccountKey",
                      Fixtures.serviceAccountKey()
                          .replaceFirst(
                              "PRIVATE KEY-----\\\\n[A-Za-z0-9+/]{8}",
                              "PRIVATE KEY-----\\\\nAAAAAAAA"));
              return b;
            },
            "credentials.serviceAccountKey.private_key"));
    rows.add(
        createGar(
            "GAR unknown json key encoding",
            b -> {
              obj(b, "credentials").put("jsonKeyEncoding", "base64");
              return b;
            },
            "credentials.jsonKeyEncoding"));
    // tls
    rows.add(
        create(
            "tls mode unknown",
            b -> {
              b.putObject("tls").put("mode", "STRICT");
              return b;
            },
            "tls.mode"));
    rows.add(
        create(
            "custom CA missing",
            b -> {
              b.putObject("tls").put("mode", "SECURE_WITH_CA");
              return b;
            },
            "tls.caCertificate"));
    rows.add(
        create(
            "CA not PEM",
            b -> {
              b.putObject("tls").put("mode", "SECURE_WITH_CA").put("caCertificate", "abc");
              return b;
            },
            "tls.caCertificate"));
    rows.add(
        create(
            "CA PEM with broken body",
            b -> {
              b.putObject("tls").put("mode", "SECURE_WITH_CA").put("caCertificate", CA);
              return b;
            },
            "tls.caCertificate"));
    // connection
    rows.add(
        create(
            "proxy without url",
            b -> {
              b.putObject("connection").put("mode", "PROXY");
              return b;
            },
            "connection.proxy.url"));
    rows.add(
        create(
            "proxy url with credentials",
            b -> {
              b.putObject("connection")
                  .put("mode", "PROXY")
                  .putObject("proxy")
                  .put("url", "http://u:p@proxy:3128");
              return b;
            },
            "connection.proxy.url"));
    rows.add(
        create(
            "ssh without host key",
            b -> {
              b.putObject("connection")
                  .put("mode", "SSH_TUNNEL")
                  .putObject("ssh")
                  .put("host", "bastion")
                  .put("user", "u")
                  .put("password", "p");
              return b;
            },
            "connection.ssh.knownHostKey"));
    rows.add(
        create(
            "ssh private key not a key",
            b -> {
              b.putObject("connection")
                  .put("mode", "SSH_TUNNEL")
                  .putObject("ssh")
                  .put("host", "bastion")
                  .put("user", "u")
                  .put("privateKey", "hello")
                  .put(
                      "knownHostKey",
                      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl");
              return b;
            },
            "connection.ssh.privateKey"));
    rows.add(
        create(
            "ssh port zero",
            b -> {
              b.putObject("connection")
                  .put("mode", "SSH_TUNNEL")
                  .putObject("ssh")
                  .put("host", "bastion")
                  .put("port", 0);
              return b;
            },
            "connection.ssh.port"));
    rows.add(
        create(
            "connection mode unknown",
            b -> {
              b.putObject("connection").put("mode", "VPN");
              return b;
            },
            "connection.mode"));
    // usage, access, refresh
    rows.add(
        create(
            "chart repository name invalid",
            b -> {
              b.putObject("usage").putArray("chartRepositories").add("Charts/API");
              return b;
            },
            "usage.chartRepositories[0]"));
    rows.add(
        create(
            "chart repositories not a list",
            b -> {
              b.putObject("usage").put("chartRepositories", "charts/api");
              return b;
            },
            "usage.chartRepositories"));
    rows.add(
        create(
            "pushHelm not a boolean",
            b -> {
              b.putObject("usage").put("pushHelm", "yes");
              return b;
            },
            "usage.pushHelm"));
    rows.add(
        create(
            "access mode unknown",
            b -> {
              b.putObject("access").put("mode", "ALL");
              return b;
            },
            "access.mode"));
    rows.add(
        create(
            "pull secret mode without name",
            b -> {
              b.putObject("access").put("mode", "IMAGE_PULL_SECRET_NAME");
              return b;
            },
            "access.secretName"));
    rows.add(
        create(
            "pull secret name invalid",
            b -> {
              b.putObject("access")
                  .put("mode", "IMAGE_PULL_SECRET_NAME")
                  .put("secretName", "My_Secret");
              return b;
            },
            "access.secretName"));
    rows.add(
        create(
            "clusters not strings",
            b -> {
              b.putObject("access").putArray("clusters").add(7);
              return b;
            },
            "access.clusters[0]"));
    rows.add(
        create("token refresh zero", b -> b.put("tokenRefreshMinutes", 0), "tokenRefreshMinutes"));
    rows.add(
        create(
            "token refresh a string",
            b -> b.put("tokenRefreshMinutes", "60"),
            "tokenRefreshMinutes"));
    rows.add(
        create(
            "token refresh a fraction",
            b -> b.put("tokenRefreshMinutes", 1.5),
            "tokenRefreshMinutes"));
    rows.add(
        create("default not a boolean", b -> b.put("defaultRegistry", "true"), "defaultRegistry"));
    // conflicts, updates, lists
    rows.add(
        new Row(
            "duplicate name",
            "POST",
            "/api/v1/registries",
            "application/json",
            valid().put("name", "existing").toString().getBytes(),
            409,
            "name"));
    rows.add(
        raw(
            "PUT with a stale If-Match",
            "PUT",
            "/api/v1/registries/{existing}",
            "application/json",
            valid().put("name", "existing").toString(),
            412,
            null));
    rows.add(
        raw(
            "PUT with a malformed If-Match",
            "PUT",
            "/api/v1/registries/{existing}?ifmatch=abc",
            "application/json",
            valid().put("name", "existing").toString(),
            400,
            "If-Match"));
    rows.add(
        raw(
            "PATCH with an unknown field",
            "PATCH",
            "/api/v1/registries/{existing}",
            "application/merge-patch+json",
            "{\"colour\":\"red\"}",
            400,
            "colour"));
    rows.add(
        raw(
            "PATCH removing the required password",
            "PATCH",
            "/api/v1/registries/{existing}",
            "application/merge-patch+json",
            "{\"credentials\":{\"password\":null}}",
            400,
            "credentials.password"));
    rows.add(
        raw(
            "PATCH to another registry's name",
            "PATCH",
            "/api/v1/registries/{existing}",
            "application/merge-patch+json",
            "{\"name\":\"other\"}",
            409,
            "name"));
    rows.add(
        raw(
            "PATCH to ECR without keys",
            "PATCH",
            "/api/v1/registries/{existing}",
            "application/merge-patch+json",
            "{\"provider\":\"ECR\",\"url\":\"123456789012.dkr.ecr.eu-west-1.amazonaws.com\"}",
            400,
            "credentials.accessKeyId"));
    rows.add(
        raw(
            "PUT of an unknown registry",
            "PUT",
            "/api/v1/registries/00000000-0000-0000-0000-000000000000",
            "application/json",
            valid().toString(),
            404,
            null));
    rows.add(raw("list size zero", "GET", "/api/v1/registries?size=0", null, null, 400, "size"));
    rows.add(
        raw("list size too large", "GET", "/api/v1/registries?size=5000", null, null, 400, "size"));
    rows.add(
        raw("list page negative", "GET", "/api/v1/registries?page=-1", null, null, 400, "page"));
    rows.add(
        raw(
            "list unknown provider",
            "GET",
            "/api/v1/registries?provider=FOO",
            null,
            null,
            400,
            "provider"));
    rows.add(
        raw("list size not a number", "GET", "/api/v1/registries?size=ten", null, null, 400, null));
    return rows.stream();
  }

  @BeforeAll
  void start() {
    catalog =
        CatalogFixture.start(
            new CatalogTestProperties(BadRequestsIT.class),
            Map.of("portolan.allow-loopback-registries", "false"));
    admin = catalog.admin();
    HttpResponse<String> existing =
        admin.post("/api/v1/registries", valid().put("name", "existing").toString());
    assertThat(existing.statusCode()).as(existing.body()).isEqualTo(201);
    existingId = Api.json(existing).get("id").asText();
    assertThat(
            admin.post("/api/v1/registries", valid().put("name", "other").toString()).statusCode())
        .isEqualTo(201);
  }

  @AfterAll
  void stop() {
    catalog.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void isRefusedWithTheFieldAndChangesNothing(Row row) throws Exception {
    String before = catalog.storedState();
    String path = row.path().replace("{existing}", existingId);
    List<String> headers = new ArrayList<>();
    if (row.contentType() != null) {
      headers.add("Content-Type");
      headers.add(row.contentType());
    }
    if (row.method().equals("PUT") && row.status() == 412) {
      headers.add("If-Match");
      headers.add("\"99\"");
    }
    if (path.contains("?ifmatch=")) {
      headers.add("If-Match");
      headers.add(path.substring(path.indexOf("?ifmatch=") + 9));
      path = path.substring(0, path.indexOf("?ifmatch="));
    }
    HttpResponse<String> response =
        admin.sendBytes(row.method(), path, row.body(), headers.toArray(String[]::new));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(row.status());
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = Api.json(response);
    assertThat(problem.get("type").asText()).startsWith("urn:portolan:problem:");
    assertThat(problem.get("status").asInt()).isEqualTo(row.status());
    assertThat(response.body())
        .doesNotContain("s3cret-value")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    if (row.field() != null) {
      List<String> fields = new ArrayList<>();
      problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
      assertThat(fields).as(response.body()).contains(row.field());
    }
    assertThat(catalog.storedState()).isEqualTo(before);
  }
}
