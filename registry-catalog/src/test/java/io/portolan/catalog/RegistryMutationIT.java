package io.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portolan.events.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Takes valid registry requests of every provider and shape, breaks them at random (removed fields,
 * wrong types, hostile strings, unknown fields, broken JSON bytes, wrong content types) and sends
 * them as creates, replaces and merge patches. Whatever comes back must not be a 5xx; a refusal
 * must be problem+json and leave stored state exactly as it was; nothing echoes a secret.
 *
 * <p>The seed is random per run and printed on failure; replay one with {@code
 * -Dportolan.mutation.seed=<seed>}. {@code -Dportolan.mutation.cases=<n>} changes how many.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryMutationIT {
  private static final long SEED = Long.getLong("portolan.mutation.seed", new Random().nextLong());
  private static final int CASES = Integer.getInteger("portolan.mutation.cases", 3000);
  private static final String SECRET_MARK = "s3cret";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> HOSTILE_STRINGS =
      List.of(
          "",
          " ",
          "UPPER-Case",
          "-leading-dash",
          "trailing-dash-",
          "a..b",
          "a/../b",
          "../../etc/passwd",
          "https://registry.example.com",
          "oci://registry.example.com/charts",
          "registry.example.com:0",
          "registry.example.com:99999",
          "registry.example.com:port",
          "127.0.0.1:5000",
          "169.254.169.254",
          "[::1]:5000",
          "localhost",
          "metadata.google.internal",
          "%00",
          "\u0000",
          "line\nbreak",
          "tab\there",
          "\uD83D\uDE80",
          "ünïcödé.example",
          "registry.example.com/Team",
          "registry.example.com//double",
          "x".repeat(64),
          "x".repeat(300),
          "x".repeat(5000),
          "y".repeat(70_000),
          "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----",
          "{\"type\":\"service_account\"}",
          "null",
          "true",
          "12",
          "ECR",
          "ecr",
          "SECURE_WITH_CA",
          "IAM_ROLE",
          "ssh-ed25519 AAAA",
          "http://proxy.example:3128/path",
          "http://user:pw@proxy.example:3128",
          "arn:aws:iam::123456789012:role/x",
          "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
          "europe-west1-docker.pkg.dev/p/r",
          "team.azurecr.io");

  private static final List<String> ENUM_LIKE =
      List.of(
          "ECR",
          "DOCKER_HUB",
          "ACR",
          "GCR",
          "GAR",
          "QUAY",
          "OTHER",
          "PRIVATE",
          "PUBLIC",
          "SECURE",
          "SECURE_WITH_CA",
          "INSECURE",
          "DIRECT",
          "PROXY",
          "SSH_TUNNEL",
          "SAME_AS_REGISTRY",
          "IMAGE_PULL_SECRET_NAME",
          "NONE",
          "ACCESS_KEYS",
          "IAM_ROLE",
          "ACCESS_TOKEN",
          "JSON_KEY",
          "_json_key",
          "_json_key_base64",
          "other",
          "Private",
          "FTP");

  private final Random random = new Random(SEED);
  private CatalogFixture catalog;
  private Api admin;
  private final List<String> existingIds = new ArrayList<>();
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final Set<String> fieldsNamed = new TreeSet<>();

  @BeforeAll
  void start() {
    catalog =
        CatalogFixture.start(
            new CatalogTestProperties(RegistryMutationIT.class),
            Map.of("portolan.allow-loopback-registries", "false"));
    admin = catalog.admin();
    int i = 0;
    for (ObjectNode base : bases()) {
      base.put("name", "base-" + i++);
      HttpResponse<String> created = admin.post("/api/v1/registries", base.toString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      existingIds.add(Api.json(created).get("id").asText());
    }
  }

  @AfterAll
  void stop() {
    catalog.close();
  }

  @Test
  void mutatedRequestsAreNeverA5xxAndRefusalsChangeNothing() throws Exception {
    String state = catalog.storedState();
    for (int n = 0; n < CASES; n++) {
      String label = "case " + n + " (seed " + SEED + ")";
      Attempt attempt = nextAttempt(n);
      HttpResponse<String> response =
          admin.sendBytes(attempt.method(), attempt.path(), attempt.body(), attempt.headers());
      int status = response.statusCode();
      String described = label + ": " + attempt + " -> " + status + " " + response.body();

      assertThat(status).as(described).isLessThan(500);
      assertThat(response.body()).as(described).doesNotContain(SECRET_MARK);
      if (status >= 400) {
        assertThat(response.headers().firstValue("Content-Type"))
            .as(described)
            .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = Api.json(response);
        assertThat(problem.path("status").asInt()).as(described).isEqualTo(status);
        assertThat(problem.path("detail").asText()).as(described).isNotBlank();
        problem.path("errors").forEach(e -> fieldsNamed.add(e.path("field").asText()));
        assertThat(catalog.storedState()).as(described).isEqualTo(state);
      } else {
        assertThat(status).as(described).isIn(200, 201);
        state = catalog.storedState();
      }
      outcomes.merge(attempt.method() + " " + status, 1, Integer::sum);
    }

    // The mutations reached the field checks, not only the JSON parser, and some stayed valid.
    assertThat(fieldsNamed).as("fields named in refusals: %s", fieldsNamed).hasSizeGreaterThan(30);
    assertThat(outcomes.keySet())
        .as("outcomes: %s", outcomes)
        .anyMatch(k -> k.endsWith(" 400"))
        .anyMatch(k -> k.endsWith(" 200") || k.endsWith(" 201"));
    System.out.printf(
        "RegistryMutationIT: %d cases, seed %d, outcomes %s, %d distinct fields named%n",
        CASES, SEED, outcomes, fieldsNamed.size());
  }

  private record Attempt(String method, String path, byte[] body, String[] headers, String shown) {
    @Override
    public String toString() {
      return method + " " + path + " " + shown;
    }
  }

  private Attempt nextAttempt(int n) {
    List<ObjectNode> bases = bases();
    ObjectNode document = bases.get(random.nextInt(bases.size()));
    String method;
    String path;
    int kind = random.nextInt(3);
    if (kind == 0) {
      method = "POST";
      path = "/api/v1/registries";
      document.put("name", "m-" + n);
    } else {
      method = kind == 1 ? "PUT" : "PATCH";
      path = "/api/v1/registries/" + existingIds.get(random.nextInt(existingIds.size()));
      if (kind == 1) {
        document.put("name", "m-" + n);
      } else {
        document = partOf(document);
      }
    }
    int mutations = 1 + random.nextInt(3);
    for (int i = 0; i < mutations; i++) {
      mutate(document);
    }
    byte[] body = document.toString().getBytes(StandardCharsets.UTF_8);
    String contentType = kind == 2 ? "application/merge-patch+json" : "application/json";
    int raw = random.nextInt(12);
    if (raw == 0) {
      body = breakBytes(body);
    } else if (raw == 1) {
      contentType =
          List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "")
              .get(random.nextInt(4));
    } else if (raw == 2) {
      body = random.nextBoolean() ? new byte[0] : null;
    }
    String shown = body == null ? "<no body>" : new String(body, StandardCharsets.UTF_8);
    if (shown.length() > 400) {
      shown = shown.substring(0, 400) + "...(" + shown.length() + " chars)";
    }
    String[] headers =
        contentType.isEmpty() ? new String[0] : new String[] {"Content-Type", contentType};
    return new Attempt(method, path, body, headers, shown);
  }

  /** A merge patch: a few of the document's top-level members. */
  private ObjectNode partOf(ObjectNode document) {
    ObjectNode patch = NODES.objectNode();
    List<String> names = new ArrayList<>();
    document.fieldNames().forEachRemaining(names::add);
    int keep = 1 + random.nextInt(Math.min(3, names.size()));
    for (int i = 0; i < keep; i++) {
      String name = names.get(random.nextInt(names.size()));
      patch.set(name, document.get(name));
    }
    return patch;
  }

  private void mutate(ObjectNode document) {
    List<Slot> slots = new ArrayList<>();
    collect(document, slots);
    if (slots.isEmpty()) {
      document.set("unexpected", randomValue());
      return;
    }
    Slot slot = slots.get(random.nextInt(slots.size()));
    switch (random.nextInt(8)) {
      case 0 -> slot.parent().remove(slot.name());
      case 1 -> slot.parent().set(slot.name(), randomValue());
      case 2 -> slot.parent().put(slot.name(), pick(HOSTILE_STRINGS));
      case 3 -> slot.parent().put(slot.name(), pick(ENUM_LIKE));
      case 4 -> slot.parent().putNull(slot.name());
      case 5 -> slot.parent().set("unknown" + random.nextInt(5), randomValue());
      case 6 -> {
        JsonNode value = slot.parent().get(slot.name());
        if (value != null && value.isTextual() && !value.asText().isEmpty()) {
          String text = value.asText();
          int at = random.nextInt(text.length());
          slot.parent().put(slot.name(), text.substring(0, at) + pick(HOSTILE_STRINGS));
        } else {
          slot.parent().set(slot.name(), randomValue());
        }
      }
      default -> {
        JsonNode value = slot.parent().get(slot.name());
        ArrayNode wrapped = NODES.arrayNode();
        if (value != null) {
          wrapped.add(value);
        }
        slot.parent().set(slot.name(), wrapped);
      }
    }
  }

  private record Slot(ObjectNode parent, String name) {}

  private static void collect(ObjectNode node, List<Slot> slots) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      slots.add(new Slot(node, field.getKey()));
      if (field.getValue().isObject()) {
        collect((ObjectNode) field.getValue(), slots);
      }
    }
  }

  private JsonNode randomValue() {
    return switch (random.nextInt(9)) {
      case 0 -> NODES.numberNode(random.nextInt());
      case 1 -> NODES.numberNode(Long.MAX_VALUE);
      case 2 -> NODES.numberNode(random.nextDouble() * 1e6);
      case 3 -> NODES.booleanNode(random.nextBoolean());
      case 4 -> NODES.arrayNode().add(pick(HOSTILE_STRINGS)).add(random.nextInt(100));
      case 5 -> NODES.objectNode().put("nested", pick(HOSTILE_STRINGS));
      case 6 -> NODES.nullNode();
      case 7 -> NODES.textNode(pick(ENUM_LIKE));
      default -> NODES.textNode(pick(HOSTILE_STRINGS));
    };
  }

  private byte[] breakBytes(byte[] body) {
    byte[] copy = body.clone();
    if (copy.length == 0) {
      return "{".getBytes(StandardCharsets.UTF_8);
    }
    switch (random.nextInt(5)) {
      case 0 -> {
        return java.util.Arrays.copyOf(copy, random.nextInt(copy.length));
      }
      case 1 -> copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
      case 2 -> {
        String text = new String(copy, StandardCharsets.UTF_8);
        int close = text.lastIndexOf('}');
        return (text.substring(0, close) + ",\"name\":\"dup\",\"name\":\"dup\"}")
            .getBytes(StandardCharsets.UTF_8);
      }
      case 3 -> {
        byte[] noise = new byte[1 + random.nextInt(64)];
        random.nextBytes(noise);
        return noise;
      }
      default -> {
        return ("[" + new String(copy, StandardCharsets.UTF_8) + "]")
            .getBytes(StandardCharsets.UTF_8);
      }
    }
    return copy;
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** Valid requests covering every provider, connection and TLS mode, usage and access shape. */
  static List<ObjectNode> bases() {
    List<ObjectNode> bases = new ArrayList<>();
    bases.add(
        parse(
            """
            {"name":"x","provider":"OTHER","url":"registry.internal.example:5000/team",
             "organization":"team","credentials":{"username":"robot","password":"s3cret-pw"},
             "tls":{"mode":"SECURE_WITH_CA","caCertificate":%s},
             "usage":{"pushImages":true,"pushHelm":true,"chartRepository":true,
                      "chartRepositories":["team/charts","team/infra"]},
             "access":{"mode":"SAME_AS_REGISTRY","allClusters":false,"clusters":["prod-eu","prod-us"]},
             "tokenRefreshMinutes":30}
            """
                .formatted(Fixtures.quoted(Fixtures.caCertificate()))));
    bases.add(
        parse(
            """
            {"name":"x","provider":"ECR","url":"123456789012.dkr.ecr.eu-west-1.amazonaws.com",
             "credentials":{"authMode":"ACCESS_KEYS","accessKeyId":"AKIAEXAMPLE",
                            "secretAccessKey":"s3cret-aws","region":"eu-west-1",
                            "roleArn":"arn:aws:iam::123456789012:role/puller"},
             "defaultRegistry":true}
            """));
    bases.add(
        parse(
            """
            {"name":"x","provider":"ECR","url":"123456789012.dkr.ecr.us-east-1.amazonaws.com",
             "credentials":{"authMode":"IAM_ROLE","region":"us-east-1"},
             "access":{"mode":"IMAGE_PULL_SECRET_NAME","secretName":"ecr-pull",
                       "allClusters":true,"excludeClusters":["dev"]}}
            """));
    bases.add(
        parse(
            """
            {"name":"x","provider":"GAR","url":"europe-west1-docker.pkg.dev/project/repo",
             "credentials":{"authMode":"ACCESS_TOKEN","serviceAccountKey":%s}}
            """
                .formatted(Fixtures.quoted(Fixtures.serviceAccountKey()))));
    bases.add(
        parse(
            """
            {"name":"x","provider":"GCR","url":"eu.gcr.io/project",
             "credentials":{"authMode":"JSON_KEY","jsonKeyEncoding":"_json_key_base64",
                            "serviceAccountKey":%s}}
            """
                .formatted(Fixtures.quoted(Fixtures.serviceAccountKey()))));
    bases.add(
        parse(
            """
            {"name":"x","provider":"ACR","url":"teamregistry.azurecr.io","organization":"apps",
             "credentials":{"username":"6d9c7b8a-0000-4000-8000-000000000001",
                            "password":"s3cret-sp","tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47"}}
            """));
    bases.add(
        parse(
            """
            {"name":"x","provider":"DOCKER_HUB","organization":"acme",
             "credentials":{"username":"acme-ci","password":"s3cret-dckr_pat"}}
            """));
    bases.add(
        parse(
            """
            {"name":"x","provider":"QUAY","url":"quay.io","visibility":"PUBLIC",
             "usage":{"pushImages":false}}
            """));
    bases.add(
        parse(
            """
            {"name":"x","provider":"OTHER","url":"registry.internal.example",
             "credentials":{"username":"robot","password":"s3cret-pw2"},
             "connection":{"mode":"PROXY","proxy":{"url":"http://proxy.example:3128",
                           "username":"proxyuser","password":"s3cret-proxy"}},
             "tls":{"mode":"INSECURE"}}
            """));
    bases.add(
        parse(
            """
            {"name":"x","provider":"OTHER","url":"10.20.0.5:5000",
             "credentials":{"username":"robot","password":"s3cret-pw3"},
             "connection":{"mode":"SSH_TUNNEL","ssh":{"host":"bastion.example","port":2222,
               "user":"tunnel","privateKey":"-----BEGIN OPENSSH PRIVATE KEY-----\\ns3cret-key\\n-----END OPENSSH PRIVATE KEY-----\\n",
               "knownHostKey":%s}},
             "access":{"mode":"NONE"}}
            """
                .formatted(Fixtures.quoted(Fixtures.knownHostKey()))));
    return bases;
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) EventJson.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
