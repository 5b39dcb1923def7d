package io.portolan.testkit;

import io.portolan.embedded.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Debian's {@code docker-registry} (CNCF distribution 2.8) as a child process on 127.0.0.1, with
 * filesystem storage under {@code target/}. Users: an admin that may pull and push, and a reader
 * that may only pull (the reader's restriction holds with token auth; htpasswd grants everyone
 * everything).
 */
public final class RegistryServer implements AutoCloseable {
  private final RegistryAuth auth;
  private final Path dir;
  private final int port;
  private boolean tls; // set once, before the server is handed out
  private final Process process;
  private final TokenServer tokenServer;
  private final RegistryUser admin;
  private final RegistryUser reader;

  private RegistryServer(
      RegistryAuth auth,
      Path dir,
      int port,
      Process process,
      TokenServer tokenServer,
      RegistryUser admin,
      RegistryUser reader) {
    this.auth = auth;
    this.dir = dir;
    this.port = port;
    this.process = process;
    this.tokenServer = tokenServer;
    this.admin = admin;
    this.reader = reader;
  }

  /** Starts a registry in {@code dir}; prefer {@link TestKit#registry(RegistryAuth)}. */
  public static RegistryServer start(RegistryAuth auth, Path dir) {
    return start(auth, dir, false);
  }

  /**
   * Starts an anonymous registry that speaks only TLS, with a certificate for {@code localhost} and
   * {@code 127.0.0.1} signed by a CA made for it ({@link #caCertificatePem()}); made with {@code
   * openssl}.
   */
  public static RegistryServer startTls(Path dir) {
    return start(RegistryAuth.ANONYMOUS, dir, true);
  }

  private static void certificates(Path dir) throws IOException {
    Path openssl = Requirements.program("openssl", "openssl");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("san.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    Processes.run(
        List.of(
            openssl.toString(),
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=portolan-test-ca"),
        dir);
    Processes.run(
        List.of(
            openssl.toString(),
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost"),
        dir);
    Processes.run(
        List.of(
            openssl.toString(),
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "san.cnf"),
        dir);
  }

  private static RegistryServer start(RegistryAuth auth, Path dir, boolean tls) {
    Path binary = Requirements.program("docker-registry", "docker-registry");
    RegistryUser admin = new RegistryUser("portolan-admin", randomPassword(), true);
    RegistryUser reader = new RegistryUser("portolan-reader", randomPassword(), false);
    int port = FreePorts.next();
    TokenServer tokenServer = null;
    try {
      Files.createDirectories(dir.resolve("data"));
      StringBuilder config = new StringBuilder();
      config.append(
          """
          version: 0.1
          log:
            level: warn
            accesslog:
              disabled: false
          storage:
            filesystem:
              rootdirectory: %s
            delete:
              enabled: true
            maintenance:
              uploadpurging:
                enabled: false
          http:
            addr: 127.0.0.1:%d
            secret: %s
          health:
            storagedriver:
              enabled: false
          """
              .formatted(dir.resolve("data"), port, UUID.randomUUID()));
      if (tls) {
        certificates(dir.resolve("tls"));
        // under http:, which the template ends with
        int health = config.indexOf("health:");
        config.insert(
            health,
            "  tls:\n    certificate: %s\n    key: %s\n"
                .formatted(dir.resolve("tls/server.pem"), dir.resolve("tls/server.key")));
      }
      switch (auth) {
        case ANONYMOUS -> {}
        case HTPASSWD -> {
          Path htpasswd = dir.resolve("htpasswd");
          Path tool = Requirements.program("htpasswd", "apache2-utils");
          String lines =
              Processes.run(
                      List.of(tool.toString(), "-Bbn", admin.username(), admin.password()), dir)
                  + Processes.run(
                      List.of(tool.toString(), "-Bbn", reader.username(), reader.password()), dir);
          Files.writeString(htpasswd, lines.replaceAll("\n+", "\n"));
          config.append(
              """
              auth:
                htpasswd:
                  realm: portolan-test
                  path: %s
              """
                  .formatted(htpasswd));
        }
        case TOKEN -> {
          tokenServer = TokenServer.start(dir.resolve("token"), List.of(admin, reader));
          config.append(
              """
              auth:
                token:
                  realm: %s
                  service: %s
                  issuer: %s
                  rootcertbundle: %s
              """
                  .formatted(
                      tokenServer.realm(),
                      TokenServer.SERVICE,
                      TokenServer.ISSUER,
                      tokenServer.certificateBundle()));
        }
      }
      Path configFile = dir.resolve("config.yml");
      Files.writeString(configFile, config.toString());
      Process process =
          new ProcessBuilder(binary.toString(), "serve", configFile.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("registry.log").toFile())
              .start();
      RegistryServer server =
          new RegistryServer(auth, dir, port, process, tokenServer, admin, reader);
      server.tls = tls;
      server.awaitReady();
      return server;
    } catch (IOException e) {
      if (tokenServer != null) {
        tokenServer.close();
      }
      throw new UncheckedIOException("Tried to start docker-registry but failed: " + e, e);
    }
  }

  private void awaitReady() {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
    if (tls) {
      builder.sslContext(trustingCa());
    }
    HttpClient http = builder.build();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "docker-registry exited with " + process.exitValue() + ": " + log());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/v2/")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200 || response.statusCode() == 401) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("docker-registry did not answer within 20 s: " + log());
  }

  /** One request as the registry's access log records it. */
  public record Request(String method, String path, int status, long bytes) {}

  private static final java.util.regex.Pattern ACCESS =
      java.util.regex.Pattern.compile(
          "\"(GET|HEAD|PUT|POST|PATCH|DELETE) (\\S+) HTTP/[0-9.]+\" (\\d{3}) (\\d+|-)");

  /** Every request the registry served so far, in order, from its access log. */
  public List<Request> requests() {
    List<Request> requests = new java.util.ArrayList<>();
    for (String line : log().split("\n")) {
      java.util.regex.Matcher m = ACCESS.matcher(line);
      if (m.find()) {
        requests.add(
            new Request(
                m.group(1),
                m.group(2),
                Integer.parseInt(m.group(3)),
                m.group(4).equals("-") ? 0 : Long.parseLong(m.group(4))));
      }
    }
    return requests;
  }

  /** What the registry process printed. */
  public String log() {
    try {
      return Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  public RegistryAuth auth() {
    return auth;
  }

  /** {@code 127.0.0.1:<port>}: the registry's host as a registry URL names it. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}, or {@code https://} for a TLS registry. */
  public String baseUrl() {
    return (tls ? "https://" : "http://") + host();
  }

  /** The CA that signed a TLS registry's certificate, as PEM. */
  public String caCertificatePem() {
    try {
      return Files.readString(dir.resolve("tls/ca.pem"));
    } catch (IOException e) {
      throw new UncheckedIOException("not a TLS registry: " + e, e);
    }
  }

  private javax.net.ssl.SSLContext trustingCa() {
    try {
      java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry(
          "ca",
          java.security.cert.CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new java.io.ByteArrayInputStream(
                      caCertificatePem().getBytes(StandardCharsets.US_ASCII))));
      javax.net.ssl.TrustManagerFactory factory =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (java.security.GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** May pull and push. */
  public RegistryUser admin() {
    return admin;
  }

  /** May only pull (with token auth). */
  public RegistryUser reader() {
    return reader;
  }

  /** The token service, for registries with {@link RegistryAuth#TOKEN}. */
  public TokenServer tokenServer() {
    if (tokenServer == null) {
      throw new IllegalStateException("This registry does not use token auth: " + auth);
    }
    return tokenServer;
  }

  /** Arguments that let {@code skopeo} talk to this registry as the admin. */
  public List<String> skopeoArgs(String flagPrefix) {
    List<String> args = new ArrayList<>();
    args.add("--" + flagPrefix + "tls-verify=false");
    if (auth != RegistryAuth.ANONYMOUS) {
      args.add("--" + flagPrefix + "creds=" + admin.username() + ":" + admin.password());
    }
    return args;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (tokenServer != null) {
      tokenServer.close();
    }
  }

  @Override
  public String toString() {
    return "RegistryServer[" + auth + " on " + host() + "]";
  }

  private static String randomPassword() {
    return "pw-" + UUID.randomUUID().toString().replace("-", "");
  }
}
