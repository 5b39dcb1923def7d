package io.portolan.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portolan.testkit.RegistryAuth;
import io.portolan.testkit.RegistryServer;
import io.portolan.testkit.RegistryUser;
import io.portolan.testkit.TestKit;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against Debian's docker-registry, through each kind of authentication. */
class RegistryClientIT {
  private static final byte[] CONFIG =
      "{\"name\":\"demo\",\"version\":\"0.1.0\",\"apiVersion\":\"v2\"}"
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] LAYER =
      "pretend this is a chart archive".getBytes(StandardCharsets.UTF_8);

  private static RegistryClient client(RegistryServer registry, RegistryUser user) {
    RegistryClient.Builder builder =
        RegistryClient.builder(registry.host()).tls(TlsMode.INSECURE, null);
    if (registry.auth() != RegistryAuth.ANONYMOUS) {
      builder.credential(RegistryCredential.basic(user.username(), user.password()));
    }
    return builder.build();
  }

  private static String repo(RegistryAuth auth, String name) {
    return TestKit.uniqueName(RegistryClientIT.class)
        + "-"
        + auth.name().toLowerCase()
        + "/"
        + name;
  }

  private static byte[] manifest(Digest config, Digest layer) {
    return ("{\"schemaVersion\":2,\"config\":{\"mediaType\":\""
            + MediaTypes.HELM_CONFIG
            + "\",\"digest\":\""
            + config
            + "\",\"size\":"
            + CONFIG.length
            + "},\"layers\":[{\"mediaType\":\""
            + MediaTypes.HELM_CHART
            + "\",\"digest\":\""
            + layer
            + "\",\"size\":"
            + LAYER.length
            + "}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @EnumSource(RegistryAuth.class)
  void pushesBlobsAndAManifestAndReadsThemBackVerified(RegistryAuth auth) throws Exception {
    RegistryServer registry = TestKit.registry(auth);
    RegistryClient client = client(registry, registry.admin());
    String repository = repo(auth, "demo");
    Digest config = Digest.sha256(CONFIG);
    Digest layer = Digest.sha256(LAYER);

    client.ping();
    assertThat(client.pushBlob(repository, config, BlobSource.of(CONFIG), null))
        .isEqualTo(RegistryClient.PushOutcome.UPLOADED);
    assertThat(client.pushBlob(repository, layer, BlobSource.of(LAYER), null))
        .isEqualTo(RegistryClient.PushOutcome.UPLOADED);
    byte[] manifest = manifest(config, layer);
    Digest pushed = client.pushManifest(repository, "0.1.0", MediaTypes.OCI_MANIFEST, manifest);

    assertThat(pushed).isEqualTo(Digest.sha256(manifest));
    ManifestResponse byTag = client.pullManifest(repository, "0.1.0");
    assertThat(byTag.bytes()).isEqualTo(manifest);
    assertThat(byTag.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(client.pullManifest(repository, pushed.toString()).bytes()).isEqualTo(manifest);
    assertThat(client.checkManifest(repository, "0.1.0"))
        .hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(pushed));
    assertThat(client.checkManifest(repository, "9.9.9")).isEmpty();
    assertThat(client.pullBlob(repository, config, 1024)).isEqualTo(CONFIG);
    try (InputStream in = client.openBlob(repository, layer)) {
      assertThat(in.readAllBytes()).isEqualTo(LAYER);
    }
    assertThat(client.checkBlob(repository, layer)).contains((long) LAYER.length);
  }

  @ParameterizedTest
  @EnumSource(RegistryAuth.class)
  void uploadsNothingForABlobTheRepositoryHasAndMountsAcrossRepositories(RegistryAuth auth)
      throws Exception {
    RegistryServer registry = TestKit.registry(auth);
    RegistryClient client = client(registry, registry.admin());
    String first = repo(auth, "first");
    String second = repo(auth, "second");
    byte[] blob = ("mount me " + auth).getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(blob);
    client.pushBlob(first, digest, BlobSource.of(blob), null);
    RequestStats.Snapshot before = client.stats().snapshot();

    RegistryClient.PushOutcome again = client.pushBlob(first, digest, BlobSource.of(blob), null);
    RegistryClient.PushOutcome mounted =
        client.pushBlob(second, digest, BlobSource.of(blob), first);

    assertThat(again).isEqualTo(RegistryClient.PushOutcome.EXISTED);
    assertThat(mounted).isEqualTo(RegistryClient.PushOutcome.MOUNTED);
    assertThat(client.stats().snapshot().minus(before).bytesSent()).isZero();
    assertThat(client.checkBlob(second, digest)).isPresent();
  }

  @ParameterizedTest
  @EnumSource(RegistryAuth.class)
  void uploadsALargeBlobInChunksThatTheRegistryJoinsBackTogether(RegistryAuth auth)
      throws Exception {
    RegistryServer registry = TestKit.registry(auth);
    RegistryClient.Builder builder =
        RegistryClient.builder(registry.host()).tls(TlsMode.INSECURE, null).chunkSize(4096);
    if (registry.auth() != RegistryAuth.ANONYMOUS) {
      builder.credential(
          RegistryCredential.basic(registry.admin().username(), registry.admin().password()));
    }
    RegistryClient client = builder.build();
    String repository = repo(auth, "chunked");
    byte[] blob = new byte[4096 * 3 + 123]; // three whole chunks and a short one
    new java.util.Random(7).nextBytes(blob);
    Digest digest = Digest.sha256(blob);
    java.nio.file.Path file = TestKit.newDirectory("chunked").resolve("blob");
    java.nio.file.Files.write(file, blob);

    assertThat(client.pushBlob(repository, digest, BlobSource.of(file), null))
        .isEqualTo(RegistryClient.PushOutcome.UPLOADED);

    RequestStats.Snapshot sent = client.stats().snapshot();
    assertThat(sent.requests("PATCH")).isEqualTo(4);
    assertThat(sent.bytesSent()).isEqualTo(blob.length); // each byte once
    // the registry verified the digest over the joined chunks; reading it back checks it again
    assertThat(client.pullBlob(repository, digest, blob.length)).isEqualTo(blob);
  }

  @org.junit.jupiter.api.Test
  void speaksTlsInEachOfTheCatalogsModes() throws Exception {
    RegistryServer tls = RegistryServer.startTls(TestKit.newDirectory("tls-registry"));
    try {
      String name = "localhost:" + tls.port();
      // secure with the registry's own CA
      RegistryClient.builder(name)
          .tls(TlsMode.SECURE_WITH_CA, tls.caCertificatePem())
          .build()
          .ping();
      // insecure: TLS without checking the certificate (no fallback to plain HTTP needed)
      RegistryClient insecure = RegistryClient.builder(name).tls(TlsMode.INSECURE, null).build();
      insecure.ping();
      assertThat(insecure.stats().snapshot().requests("GET")).isEqualTo(1);
      // secure with the JDK's CAs: this private CA is not among them
      assertThatThrownBy(() -> RegistryClient.builder(name).maxAttempts(1).build().ping())
          .isInstanceOf(RegistryException.class)
          .hasStackTraceContaining("PKIX path building failed");
      // reached at another address (a tunnel, a private endpoint): the name is still checked
      RegistryClient.builder(name)
          .apiHost("127.0.0.1:" + tls.port())
          .tls(TlsMode.SECURE_WITH_CA, tls.caCertificatePem())
          .build()
          .ping();
      assertThatThrownBy(
              () ->
                  RegistryClient.builder("registry.example.com:" + tls.port())
                      .apiHost("127.0.0.1:" + tls.port())
                      .tls(TlsMode.SECURE_WITH_CA, tls.caCertificatePem())
                      .maxAttempts(1)
                      .build()
                      .ping())
          .isInstanceOf(RegistryException.class)
          .hasStackTraceContaining("not for registry.example.com");
    } finally {
      tls.close();
    }
  }

  @org.junit.jupiter.api.Test
  void goesThroughAnAuthenticatingProxyToAnAuthenticatingRegistry() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.HTPASSWD);
    try (ForwardProxy proxy = new ForwardProxy("proxy-user", "proxy-pass")) {
      RegistryClient client =
          RegistryClient.builder(registry.host())
              .plainHttp(true)
              .proxy(proxy.uri(), "proxy-user", "proxy-pass")
              .credential(
                  RegistryCredential.basic(
                      registry.admin().username(), registry.admin().password()))
              .build();
      String repository = repo(RegistryAuth.HTPASSWD, "proxied");
      byte[] blob = "through the proxy".getBytes(StandardCharsets.UTF_8);
      Digest digest = Digest.sha256(blob);

      client.pushBlob(repository, digest, BlobSource.of(blob), null);

      assertThat(client.pullBlob(repository, digest, 1000)).isEqualTo(blob);
      assertThat(proxy.forwarded).anyMatch(r -> r.startsWith("GET http://" + registry.host()));
      assertThat(proxy.refused).isEmpty(); // sent preemptively: no 407 round trip

      RegistryClient wrong =
          RegistryClient.builder(registry.host())
              .plainHttp(true)
              .proxy(proxy.uri(), "proxy-user", "not-the-password")
              .build();
      assertThatThrownBy(wrong::ping)
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("407")
          .hasMessageNotContaining("not-the-password");
      assertThat(proxy.refused).isNotEmpty();
    }
  }

  @org.junit.jupiter.api.Test
  void manyFirstRequestsAtOnceToAnInsecureRegistryAllFallBackToPlainHttp() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.ANONYMOUS);
    for (int round = 0; round < 5; round++) {
      RegistryClient client = client(registry, registry.admin()); // a fresh client: https first
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(8);
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Optional<Long>>> checks = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Digest digest =
            Digest.sha256(("absent " + round + " " + i).getBytes(StandardCharsets.UTF_8));
        checks.add(
            pool.submit(
                () -> {
                  go.await();
                  return client.checkBlob(repo(RegistryAuth.ANONYMOUS, "race"), digest);
                }));
      }
      go.countDown();
      for (var check : checks) {
        assertThat(check.get()).isEmpty(); // answered (404), none failed on the TLS attempt
      }
      pool.shutdown();
    }
  }

  @ParameterizedTest
  @EnumSource(RegistryAuth.class)
  void listsTagsSortedWhateverOrderTheRegistryUses(RegistryAuth auth) throws Exception {
    RegistryServer registry = TestKit.registry(auth);
    RegistryClient client = client(registry, registry.admin());
    String repository = repo(auth, "tags");
    Digest config = Digest.sha256(CONFIG);
    Digest layer = Digest.sha256(LAYER);
    client.pushBlob(repository, config, BlobSource.of(CONFIG), null);
    client.pushBlob(repository, layer, BlobSource.of(LAYER), null);
    byte[] manifest = manifest(config, layer);
    for (String tag : List.of("1.0.0", "0.2.0", "0.1.0", "0.1.0_build.1")) {
      client.pushManifest(repository, tag, MediaTypes.OCI_MANIFEST, manifest);
    }

    assertThat(client.listTags(repository))
        .containsExactly("0.1.0", "0.1.0_build.1", "0.2.0", "1.0.0");
  }

  @ParameterizedTest
  @EnumSource(
      value = RegistryAuth.class,
      names = {"ANONYMOUS", "TOKEN"})
  void followsCatalogPagesThroughTheLinkHeader(RegistryAuth auth) throws Exception {
    RegistryServer registry = TestKit.registry(auth);
    RegistryClient admin = client(registry, registry.admin());
    String prefix = TestKit.uniqueName(RegistryClientIT.class) + "-catalog";
    for (int i = 0; i < 5; i++) {
      byte[] blob = ("catalog " + i).getBytes(StandardCharsets.UTF_8);
      admin.pushBlob(prefix + "/r" + i, Digest.sha256(blob), BlobSource.of(blob), null);
    }
    RegistryClient paged =
        RegistryClient.builder(registry.host())
            .tls(TlsMode.INSECURE, null)
            .credential(
                auth == RegistryAuth.ANONYMOUS
                    ? RegistryCredential.anonymous()
                    : RegistryCredential.basic(
                        registry.admin().username(), registry.admin().password()))
            .pageSize(2)
            .build();

    List<String> repositories = paged.listRepositories();

    assertThat(repositories)
        .contains(prefix + "/r0", prefix + "/r1", prefix + "/r2", prefix + "/r3", prefix + "/r4");
    assertThat(paged.stats().snapshot().requests("GET")).isGreaterThanOrEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(
      value = RegistryAuth.class,
      names = {"HTPASSWD", "TOKEN"})
  void refusesWrongCredentialsWithTheRegistryAndActionInTheMessage(RegistryAuth auth) {
    RegistryServer registry = TestKit.registry(auth);
    RegistryClient client =
        RegistryClient.builder(registry.host())
            .tls(TlsMode.INSECURE, null)
            .credential(RegistryCredential.basic(registry.admin().username(), "wrong-password"))
            .build();

    assertThatThrownBy(client::ping)
        .isInstanceOf(RegistryUnauthorizedException.class)
        .hasMessageStartingWith("Tried to ")
        .hasMessageContaining("refused the credentials")
        .hasMessageNotContaining("wrong-password")
        .satisfies(e -> assertThat(((RegistryException) e).registry()).isEqualTo(registry.host()));
  }

  @ParameterizedTest
  @EnumSource(
      value = RegistryAuth.class,
      names = {"HTPASSWD", "TOKEN"})
  void anonymousClientsGetAClearRefusal(RegistryAuth auth) {
    RegistryServer registry = TestKit.registry(auth);
    RegistryClient client =
        RegistryClient.builder(registry.host()).tls(TlsMode.INSECURE, null).build();

    assertThatThrownBy(() -> client.listTags(repo(auth, "x")))
        .isInstanceOf(RegistryUnauthorizedException.class)
        .satisfies(e -> assertThat(((RegistryException) e).repository()).endsWith("/x"));
  }

  @org.junit.jupiter.api.Test
  void aPullOnlyTokenCanReadButNotPush() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.TOKEN);
    String repository = repo(RegistryAuth.TOKEN, "readonly");
    byte[] blob = "readable".getBytes(StandardCharsets.UTF_8);
    client(registry, registry.admin())
        .pushBlob(repository, Digest.sha256(blob), BlobSource.of(blob), null);
    RegistryClient reader = client(registry, registry.reader());

    assertThat(reader.pullBlob(repository, Digest.sha256(blob), 100)).isEqualTo(blob);
    byte[] other = "not allowed".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> reader.pushBlob(repository, Digest.sha256(other), BlobSource.of(other), null))
        .isInstanceOf(RegistryUnauthorizedException.class)
        .hasMessageContaining("start an upload to " + repository);
  }

  @org.junit.jupiter.api.Test
  void reusesTokensPerScopeInsteadOfFetchingOnePerRequest() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.TOKEN);
    RegistryClient client = client(registry, registry.admin());
    String repository = repo(RegistryAuth.TOKEN, "cached");
    byte[] blob = "cache me".getBytes(StandardCharsets.UTF_8);
    client.pushBlob(repository, Digest.sha256(blob), BlobSource.of(blob), null);
    int before = registry.tokenServer().requestCount();

    for (int i = 0; i < 20; i++) {
      client.checkBlob(repository, Digest.sha256(blob));
    }

    assertThat(registry.tokenServer().requestCount() - before).isLessThanOrEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void getsTokensWithTheOAuth2PasswordGrantWhenAsked() throws Exception {
    RegistryServer registry = TestKit.registry(RegistryAuth.TOKEN);
    RegistryClient client =
        RegistryClient.builder(registry.host())
            .tls(TlsMode.INSECURE, null)
            .credential(
                RegistryCredential.basic(registry.admin().username(), registry.admin().password()))
            .preferOAuth2(true)
            .build();
    String repository = repo(RegistryAuth.TOKEN, "oauth2");
    byte[] blob = "via oauth2".getBytes(StandardCharsets.UTF_8);

    client.pushBlob(repository, Digest.sha256(blob), BlobSource.of(blob), null);

    assertThat(client.checkBlob(repository, Digest.sha256(blob))).isPresent();
    assertThat(client.stats().snapshot().requests("POST"))
        .isGreaterThanOrEqualTo(2); // token + upload
  }

  @org.junit.jupiter.api.Test
  void reportsAMissingManifestAsNotFound() {
    RegistryServer registry = TestKit.registry(RegistryAuth.ANONYMOUS);
    RegistryClient client = client(registry, registry.admin());

    assertThatThrownBy(() -> client.pullManifest(repo(RegistryAuth.ANONYMOUS, "none"), "1.0.0"))
        .isInstanceOf(RegistryNotFoundException.class)
        .hasMessageContaining("pull manifest 1.0.0 from")
        .satisfies(
            e -> assertThat(((RegistryException) e).errorCodes()).contains("MANIFEST_UNKNOWN"));
  }
}
