package io.portolan.testkit.peers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.portolan.testkit.TestKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on loopback that stands in for a cloud endpoint: counts calls by name, can answer
 * the next calls with a scripted failure, and stops at JVM exit.
 *
 * <p>Thread-safe.
 */
public abstract class ScriptedPeer implements AutoCloseable {
  /** A failure to answer with instead of the real handling. */
  public record Failure(int status, String contentType, String body, String retryAfter) {}

  private final HttpServer server;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Deque<Failure> failures = new ArrayDeque<>();
  private final AtomicInteger requests = new AtomicInteger();

  protected ScriptedPeer(String name) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Tried to start the " + name + " peer but failed", e);
    }
    server.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, name + "-peer");
              t.setDaemon(true);
              return t;
            }));
    TestKit.closeAtExit(this);
  }

  /** Registers a handler; handlers run after scripted failures are used up. */
  protected final void route(String path, HttpHandler handler) {
    server.createContext(
        path,
        exchange -> {
          requests.incrementAndGet();
          try (exchange) {
            Failure failure;
            synchronized (failures) {
              failure = failures.pollFirst();
            }
            if (failure != null) {
              if (failure.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", failure.retryAfter());
              }
              respond(exchange, failure.status(), failure.contentType(), failure.body());
              return;
            }
            handler.handle(exchange);
          } catch (RuntimeException e) {
            respond(exchange, 500, "text/plain", "peer failed: " + e);
          }
        });
  }

  protected final void listen() {
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** How many requests arrived, scripted failures included. */
  public int requests() {
    return requests.get();
  }

  /** How many calls of that name were handled (scripted failures not included). */
  public int calls(String name) {
    AtomicInteger n = calls.get(name);
    return n == null ? 0 : n.get();
  }

  protected final void count(String name) {
    calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
  }

  /** Answers the next {@code times} requests with this failure. */
  public void failNext(int times, Failure failure) {
    synchronized (failures) {
      for (int i = 0; i < times; i++) {
        failures.addLast(failure);
      }
    }
  }

  /** Forgets scripted failures not used yet. */
  public void clearFailures() {
    synchronized (failures) {
      failures.clear();
    }
  }

  protected static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  protected static String body(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** A form or query string; the first value of each name. */
  protected static Map<String, String> form(String raw) {
    Map<String, String> result = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return result;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      result.putIfAbsent(name, value);
    }
    return result;
  }

  /** Every value of a header, as sent. */
  protected static List<String> header(HttpExchange exchange, String name) {
    List<String> values = exchange.getRequestHeaders().get(name);
    return values == null ? List.of() : new ArrayList<>(values);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
