package io.portolan.testkit;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A Kubernetes API stand-in: fabric8's mock server in CRUD mode over plain HTTP, one per test
 * class.
 *
 * <p>It stores objects and answers create, get, replace, delete, list (with label selectors), JSON
 * Patch and merge patch like an API server. It does not do strategic-merge patch (415), server-side
 * apply, watches over chunked HTTP, {@code stringData} conversion or default ServiceAccounts; see
 * the toolchain notes. On top of the mock it counts requests by method (so a test can prove a
 * steady state makes no writes) and can answer chosen requests with an error (so a test can prove
 * one failing namespace does not stop the others).
 *
 * <p>Thread-safe.
 */
public final class KubernetesStandIn implements AutoCloseable {
  /** An injected failure: requests matching {@code when} get {@code status} with a Status body. */
  public record Fault(Predicate<Request> when, int status, String retryAfterSeconds) {}

  /** What a test can see of a request. */
  public record Request(String method, String path, String body) {
    public boolean isWrite() {
      return !method.equals("GET") && !method.equals("HEAD");
    }
  }

  private final KubernetesMockServer server;
  private final CountingDispatcher dispatcher;

  private KubernetesStandIn() {
    this.dispatcher = new CountingDispatcher();
    this.server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    this.server.init(InetAddress.getLoopbackAddress(), 0);
  }

  /** A new, empty API server. */
  public static KubernetesStandIn start() {
    return new KubernetesStandIn();
  }

  /** The API server's base URL, {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    String url = server.url("/");
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Requests that changed something (POST, PUT, PATCH, DELETE) since start or the last reset. */
  public int writeCount() {
    return (int) dispatcher.requests.stream().filter(Request::isWrite).count();
  }

  /** Every request since start or the last reset. */
  public List<Request> requests() {
    return List.copyOf(dispatcher.requests);
  }

  public void resetCounts() {
    dispatcher.requests.clear();
  }

  /** Answers matching requests with an error until {@link #clearFaults()}. */
  public void inject(Fault fault) {
    dispatcher.faults.add(fault);
  }

  public void clearFaults() {
    dispatcher.faults.clear();
  }

  /** How many requests a fault has answered so far. */
  public int faultHits() {
    return dispatcher.faultHits.get();
  }

  @Override
  public void close() {
    server.destroy();
  }

  private static final class CountingDispatcher extends KubernetesCrudDispatcher {
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<Fault> faults = new CopyOnWriteArrayList<>();
    final AtomicInteger faultHits = new AtomicInteger();
    final Map<String, String> unused = new ConcurrentHashMap<>();

    @Override
    public MockResponse dispatch(RecordedRequest recorded) {
      // getBytes() peeks; reading the body (getUtf8Body) would consume it before the CRUD handler
      byte[] body = recorded.getBody() == null ? new byte[0] : recorded.getBody().getBytes();
      Request request =
          new Request(
              recorded.getMethod(),
              recorded.getPath(),
              new String(body, java.nio.charset.StandardCharsets.UTF_8));
      requests.add(request);
      for (Fault fault : faults) {
        if (fault.when().test(request)) {
          faultHits.incrementAndGet();
          MockResponse response =
              new MockResponse()
                  .setResponseCode(fault.status())
                  .setHeader("Content-Type", "application/json")
                  .setBody(
                      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                          + "\"message\":\"injected by the test\",\"code\":"
                          + fault.status()
                          + "}");
          if (fault.retryAfterSeconds() != null) {
            response.setHeader("Retry-After", fault.retryAfterSeconds());
          }
          return response;
        }
      }
      return super.dispatch(recorded);
    }
  }
}
