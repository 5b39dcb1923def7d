package io.portolan.oci;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A forward HTTP proxy that requires Basic proxy authentication, as corporate proxies do: without
 * the right {@code Proxy-Authorization} it answers 407 with a {@code Proxy-Authenticate} challenge;
 * with it, it forwards the request to the absolute URI and relays the answer.
 */
final class ForwardProxy implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "proxy-authorization",
          "proxy-connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "upgrade",
          "host",
          "content-length");

  private final HttpServer server;
  private final HttpClient upstream = HttpClient.newBuilder().build();
  final List<String> forwarded = new CopyOnWriteArrayList<>();
  final List<String> refused = new CopyOnWriteArrayList<>();

  ForwardProxy(String username, String password) throws IOException {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            URI target = exchange.getRequestURI();
            String line = exchange.getRequestMethod() + " " + target;
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Proxy-Authorization"))) {
              refused.add(line);
              exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"proxy\"");
              exchange.sendResponseHeaders(407, -1);
              return;
            }
            forwarded.add(line);
            HttpRequest.Builder request =
                HttpRequest.newBuilder(target)
                    .method(
                        exchange.getRequestMethod(),
                        body.length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange
                .getRequestHeaders()
                .forEach(
                    (name, values) -> {
                      if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                        values.forEach(v -> request.header(name, v));
                      }
                    });
            HttpResponse<byte[]> answer;
            try {
              answer = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              exchange.sendResponseHeaders(502, -1);
              return;
            }
            answer
                .headers()
                .map()
                .forEach(
                    (name, values) -> {
                      if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                        values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                      }
                    });
            boolean noBody =
                exchange.getRequestMethod().equals("HEAD") || answer.body().length == 0;
            exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : answer.body().length);
            if (!noBody) {
              exchange.getResponseBody().write(answer.body());
            }
          }
        });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
