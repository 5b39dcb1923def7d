package io.portolan.testkit.peers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.portolan.testkit.RegistryServer;
import io.portolan.testkit.TestKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test registry that behaves as ECR does about repositories: they must be created first (through
 * {@link AwsPeer}'s {@code CreateRepository}), and any authenticated request naming a repository
 * that does not exist is answered {@code 404 NAME_UNKNOWN} with ECR's message; docker-registry
 * alone would create it on the first push. Everything else is passed to the registry behind it
 * (authentication challenges included), with its {@code Location} and {@code Link} headers
 * rewritten to this address.
 *
 * <p>Thread-safe.
 */
public final class EcrRegistry implements AutoCloseable {
  private static final Pattern REPOSITORY_PATH =
      Pattern.compile("^/v2/(?<name>.+?)/(?:blobs|manifests|tags)/.*$");
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "host",
          "connection",
          "content-length",
          "transfer-encoding",
          "expect",
          "upgrade",
          "keep-alive",
          "te",
          "trailer");

  /** A request this registry answered NAME_UNKNOWN to. */
  public record Refusal(String method, String repository) {}

  private final AwsPeer aws;
  private final String account;
  private final String region;
  private final RegistryServer upstream;
  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient client;
  private final List<Refusal> refusals = new CopyOnWriteArrayList<>();

  private EcrRegistry(AwsPeer aws, String account, String region, RegistryServer upstream) {
    this.aws = aws;
    this.account = account;
    this.region = region;
    this.upstream = upstream;
    this.executor =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "ecr-registry");
              t.setDaemon(true);
              return t;
            });
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Tried to start the ECR registry front but failed", e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    TestKit.closeAtExit(this);
  }

  /**
   * Puts ECR's repository rule in front of {@code upstream}, for the repositories {@code aws} has
   * in the account and region.
   */
  public static EcrRegistry start(
      AwsPeer aws, String account, String region, RegistryServer upstream) {
    return new EcrRegistry(aws, account, region, upstream);
  }

  /** {@code 127.0.0.1:<port>}, as a registry URL names it. */
  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The requests refused because their repository did not exist, in order. */
  public List<Refusal> refusals() {
    return List.copyOf(refusals);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Matcher m = REPOSITORY_PATH.matcher(path);
      boolean authenticated = exchange.getRequestHeaders().getFirst("Authorization") != null;
      if (m.matches() && authenticated && !aws.repositoryExists(account, region, m.group("name"))) {
        refuse(exchange, m.group("name"));
        return;
      }
      forward(exchange);
    } catch (RuntimeException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      byte[] body = ("front failed: " + e).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(502, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private void refuse(HttpExchange exchange, String name) throws IOException {
    refusals.add(new Refusal(exchange.getRequestMethod(), name));
    exchange.getRequestBody().readAllBytes();
    String body =
        "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"The repository with name '"
            + name
            + "' does not exist in the registry with id '"
            + account
            + "'\"}]}\n";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(404, -1);
    } else {
      exchange.sendResponseHeaders(404, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private void forward(HttpExchange exchange) throws IOException, InterruptedException {
    String query = exchange.getRequestURI().getRawQuery();
    URI target =
        URI.create(
            upstream.baseUrl()
                + exchange.getRequestURI().getRawPath()
                + (query == null ? "" : "?" + query));
    byte[] body = exchange.getRequestBody().readAllBytes();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(60))
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      if (HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        continue;
      }
      header.getValue().forEach(v -> request.header(header.getKey(), v));
    }
    HttpResponse<byte[]> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    String upstreamBase = upstream.baseUrl();
    String ownBase = "http://" + host();
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (HOP_BY_HOP.contains(lower) || lower.equals(":status")) {
                return;
              }
              for (String v : values) {
                exchange
                    .getResponseHeaders()
                    .add(
                        name,
                        lower.equals("location") || lower.equals("link")
                            ? v.replace(upstreamBase, ownBase)
                            : v);
              }
            });
    byte[] answer = response.body();
    if (exchange.getRequestMethod().equals("HEAD") || answer.length == 0) {
      response
          .headers()
          .firstValue("Content-Length")
          .filter(v -> exchange.getRequestMethod().equals("HEAD"))
          .ifPresent(v -> exchange.getResponseHeaders().set("Content-Length", v));
      exchange.sendResponseHeaders(response.statusCode(), -1);
    } else {
      exchange.sendResponseHeaders(response.statusCode(), answer.length);
      exchange.getResponseBody().write(answer);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
