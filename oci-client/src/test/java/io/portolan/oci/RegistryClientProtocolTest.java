package io.portolan.oci;

import static io.portolan.oci.ScriptedRegistry.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Protocol behaviour against a scripted peer. */
class RegistryClientProtocolTest {

  @Test
  void followsTagPagesThroughTheLinkHeaderAndSortsTheResult() throws Exception {
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            (exchange, request) -> {
              if (request.pathAndQuery().equals("/v2/charts/api/tags/list?n=2")) {
                respond(
                    exchange,
                    200,
                    "{\"name\":\"charts/api\",\"tags\":[\"2.0.0\",\"1.0.0\"]}",
                    "Link",
                    "</v2/charts/api/tags/list?n=2&last=2.0.0>; rel=\"next\"");
              } else if (request.pathAndQuery().equals("/v2/charts/api/tags/list?n=2&last=2.0.0")) {
                respond(exchange, 200, "{\"name\":\"charts/api\",\"tags\":[\"0.9.0\"]}");
              } else {
                respond(exchange, 404, "404 page not found");
              }
            })) {
      RegistryClient client = registry.client().pageSize(2).build();

      assertThat(client.listTags("charts/api")).containsExactly("0.9.0", "1.0.0", "2.0.0");
      assertThat(registry.seen).hasSize(2);
    }
  }

  @Test
  void refusesANextPageOnAnotherOrigin() throws Exception {
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            (exchange, request) ->
                respond(
                    exchange,
                    200,
                    "{\"tags\":[\"1\"]}",
                    "Link",
                    "<http://evil.example/v2/x/tags/list?last=1>; rel=\"next\""))) {
      RegistryClient client = registry.client().build();

      assertThatThrownBy(() -> client.listTags("x"))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("another origin");
    }
  }

  @Test
  void waitsAsToldByRetryAfterOn429ThenSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<Duration> slept = new CopyOnWriteArrayList<>();
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            (exchange, request) -> {
              if (calls.incrementAndGet() <= 2) {
                respond(
                    exchange,
                    429,
                    "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}",
                    "Retry-After",
                    "3");
              } else {
                respond(exchange, 200, "{}");
              }
            })) {
      RegistryClient client = registry.client().sleeper(slept::add).build();

      client.ping();

      assertThat(calls).hasValue(3);
      assertThat(slept).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
    }
  }

  @Test
  void aRegistryThatNeverAnswersTimesOutInsteadOfHanging() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            (exchange, request) -> {
              try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS); // never answers in time
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            })) {
      RegistryClient client =
          registry.client().requestTimeout(Duration.ofMillis(300)).maxAttempts(2).build();
      long started = System.nanoTime();

      assertThatThrownBy(client::ping)
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("timed out");

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      release.countDown();
    }
  }

  @Test
  void aBodyThatStallsAfterItsHeadersFailsWithAReadTimeout() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    byte[] blob = new byte[1000];
    Digest digest = Digest.sha256(blob);
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            (exchange, request) -> {
              exchange.getResponseHeaders().add("Docker-Content-Digest", digest.toString());
              exchange.sendResponseHeaders(200, blob.length);
              exchange.getResponseBody().write(blob, 0, 10);
              exchange.getResponseBody().flush();
              try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS); // then nothing more
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            })) {
      RegistryClient client = registry.client().readTimeout(Duration.ofMillis(400)).build();
      long started = System.nanoTime();

      assertThatThrownBy(
              () -> {
                try (java.io.InputStream in = client.openBlob("team/app", digest)) {
                  in.readAllBytes();
                }
              })
          .isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("read timeout");

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
      release.countDown();
    }
  }

  @Test
  void givesUpAfterItsAttemptsWithTheLastStatusInTheMessage() throws Exception {
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            (exchange, request) -> respond(exchange, 503, "down for maintenance"))) {
      RegistryClient client = registry.client().maxAttempts(3).build();

      assertThatThrownBy(client::ping)
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("answered 503")
          .hasMessageContaining("down for maintenance");
      assertThat(registry.seen).hasSize(3);
    }
  }

  @Test
  void rejectsAManifestWhoseBytesDoNotMatchTheAnnouncedDigest() throws Exception {
    byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
    Digest other = Digest.sha256("something else".getBytes(StandardCharsets.UTF_8));
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            (exchange, request) ->
                respond(
                    exchange,
                    200,
                    manifest,
                    "Content-Type",
                    MediaTypes.OCI_MANIFEST,
                    "Docker-Content-Digest",
                    other.toString()))) {
      RegistryClient client = registry.client().build();

      assertThatThrownBy(() -> client.pullManifest("a/b", "1.0"))
          .isInstanceOf(DigestMismatchException.class)
          .hasMessageContaining(other.toString());
      assertThatThrownBy(() -> client.pullManifest("a/b", other.toString()))
          .isInstanceOf(DigestMismatchException.class);
    }
  }

  @Test
  void computesTheDigestWhenARegistryOmitsIt() throws Exception {
    byte[] manifest = "{\"schemaVersion\":2,\"layers\":[]}".getBytes(StandardCharsets.UTF_8);
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            (exchange, request) ->
                respond(
                    exchange,
                    200,
                    request.method().equals("HEAD") ? new byte[0] : manifest,
                    "Content-Type",
                    MediaTypes.OCI_MANIFEST))) {
      RegistryClient client = registry.client().build();

      assertThat(client.checkManifest("a/b", "1.0"))
          .hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(Digest.sha256(manifest)));
    }
  }

  @Test
  void failsAtTheEndOfABlobWhoseContentDoesNotMatchItsDigest() throws Exception {
    Digest asked = Digest.sha256("the real content".getBytes(StandardCharsets.UTF_8));
    try (ScriptedRegistry registry =
        new ScriptedRegistry((exchange, request) -> respond(exchange, 200, "tampered content"))) {
      RegistryClient client = registry.client().build();

      assertThatThrownBy(() -> client.pullBlob("a/b", asked, 1000))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("the content has digest");
      try (InputStream in = client.openBlob("a/b", asked)) {
        assertThatThrownBy(in::readAllBytes).hasMessageContaining(asked.toString());
      }
    }
  }

  @Test
  void followsABlobRedirectToStorageWithoutSendingCredentialsThere() throws Exception {
    byte[] blob = "stored elsewhere".getBytes(StandardCharsets.UTF_8);
    try (ScriptedRegistry storage =
            new ScriptedRegistry((exchange, request) -> respond(exchange, 200, blob));
        ScriptedRegistry registry =
            new ScriptedRegistry(
                (exchange, request) -> {
                  if (request.header("Authorization") == null) {
                    respond(exchange, 401, "", "WWW-Authenticate", "Basic realm=\"r\"");
                  } else {
                    respond(
                        exchange,
                        307,
                        "",
                        "Location",
                        "http://" + storage.host() + "/bucket/blob?sig=abc");
                  }
                })) {
      RegistryClient client =
          registry.client().credential(RegistryCredential.basic("user", "secret")).build();

      assertThat(client.pullBlob("a/b", Digest.sha256(blob), 1000)).isEqualTo(blob);
      assertThat(storage.seen).hasSize(1);
      assertThat(storage.seen.get(0).header("Authorization")).isNull();
      assertThat(storage.seen.get(0).pathAndQuery()).isEqualTo("/bucket/blob?sig=abc");
    }
  }

  @Test
  void aRegistryOrRedirectLeadingToLoopbackOrMetadataIsRefusedWithoutConnecting() throws Exception {
    byte[] blob = "x".getBytes(StandardCharsets.UTF_8);
    try (ScriptedRegistry registry =
        new ScriptedRegistry(
            (exchange, request) ->
                respond(
                    exchange, 307, "", "Location", "http://169.254.169.254/latest/meta-data/"))) {
      RegistryClient loopbackRefused =
          registry.client().addressPolicy(AddressPolicy.publicRegistries(false)).build();
      RegistryClient loopbackAllowed =
          registry.client().addressPolicy(AddressPolicy.publicRegistries(true)).build();

      assertThatThrownBy(loopbackRefused::ping)
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("127.0.0.1, a loopback address");
      assertThat(registry.seen).isEmpty();
      assertThatThrownBy(() -> loopbackAllowed.pullBlob("a/b", Digest.sha256(blob), 1000))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("169.254.169.254, a link-local or metadata address");
      assertThat(registry.seen).hasSize(1); // the redirect was not followed, nor retried
    }
  }

  @Test
  void fetchesAFreshTokenWhenTheRegistrySaysTheOldOneIsInvalid() throws Exception {
    AtomicInteger tokens = new AtomicInteger();
    try (ScriptedRegistry auth =
            new ScriptedRegistry(
                (exchange, request) ->
                    respond(
                        exchange,
                        200,
                        "{\"token\":\"t" + tokens.incrementAndGet() + "\",\"expires_in\":300}"));
        ScriptedRegistry registry =
            new ScriptedRegistry(
                (exchange, request) -> {
                  String authorization = request.header("Authorization");
                  String challenge =
                      "Bearer realm=\"http://"
                          + auth.host()
                          + "/token\",service=\"reg\","
                          + "scope=\"repository:a/b:pull\"";
                  if ("Bearer t2".equals(authorization)) {
                    respond(exchange, 200, "{\"tags\":[\"1\"]}");
                  } else if (authorization == null) {
                    respond(exchange, 401, "", "WWW-Authenticate", challenge);
                  } else {
                    respond(
                        exchange,
                        401,
                        "",
                        "WWW-Authenticate",
                        challenge + ",error=\"invalid_token\"");
                  }
                })) {
      RegistryClient client = registry.client().build();

      // t1 is refused, so the first call fails after its one re-authentication...
      assertThatThrownBy(() -> client.listTags("a/b"))
          .isInstanceOf(RegistryUnauthorizedException.class);
      // ...and the next call fetches t2 instead of reusing t1
      assertThat(client.listTags("a/b")).containsExactly("1");
      assertThat(auth.seen.get(0).pathAndQuery())
          .isEqualTo("/token?service=reg&scope=repository%3Aa%2Fb%3Apull");
    }
  }

  @Test
  void refusesInvalidNamesBeforeSendingAnything() throws Exception {
    try (ScriptedRegistry registry =
        new ScriptedRegistry((exchange, request) -> respond(exchange, 500, ""))) {
      RegistryClient client = registry.client().build();

      assertThatThrownBy(() -> client.listTags("Upper/Case"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Not a valid repository name");
      assertThatThrownBy(
              () -> client.pushManifest("a/b", "1.0.0+build", MediaTypes.OCI_MANIFEST, new byte[0]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no +");
      assertThat(registry.seen).isEmpty();
    }
  }

  @Test
  void parsesChallengesWithQuotedCommas() {
    List<Challenge> challenges =
        Challenge.parse(
            "Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                + "scope=\"repository:a/b:pull,push repository:c:pull\",error=\"insufficient_scope\"");

    assertThat(challenges).hasSize(1);
    Challenge bearer = challenges.get(0);
    assertThat(bearer.isBearer()).isTrue();
    assertThat(bearer.param("realm")).isEqualTo("https://auth.example/token");
    assertThat(bearer.scopes()).containsExactly("repository:a/b:pull,push", "repository:c:pull");
    assertThat(bearer.param("error")).isEqualTo("insufficient_scope");
    assertThat(
            Challenge.parse(
                "Basic realm=\"https://123456789012.dkr.ecr.us-east-1.amazonaws.com/\",service=\"ecr.amazonaws.com\""))
        .singleElement()
        .satisfies(c -> assertThat(c.isBasic()).isTrue());
  }
}
