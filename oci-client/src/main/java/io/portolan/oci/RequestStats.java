package io.portolan.oci;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what a client sent and received: requests by method, response body bytes read and request
 * body bytes sent. Benchmarks and tests read it; it is cheap enough to keep on always.
 *
 * <p>Thread-safe.
 */
public final class RequestStats {
  private final Map<String, LongAdder> byMethod = new ConcurrentHashMap<>();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();

  /** A point-in-time copy. */
  public record Snapshot(Map<String, Long> requestsByMethod, long bytesReceived, long bytesSent) {
    public long requests() {
      return requestsByMethod.values().stream().mapToLong(Long::longValue).sum();
    }

    public long requests(String method) {
      return requestsByMethod.getOrDefault(method, 0L);
    }

    /** What happened between {@code earlier} and this snapshot. */
    public Snapshot minus(Snapshot earlier) {
      Map<String, Long> diff = new java.util.TreeMap<>();
      requestsByMethod.forEach(
          (m, n) -> diff.put(m, n - earlier.requestsByMethod.getOrDefault(m, 0L)));
      return new Snapshot(
          Map.copyOf(diff), bytesReceived - earlier.bytesReceived, bytesSent - earlier.bytesSent);
    }
  }

  void request(String method) {
    byMethod.computeIfAbsent(method, m -> new LongAdder()).increment();
  }

  void received(long bytes) {
    bytesReceived.addAndGet(bytes);
  }

  void sent(long bytes) {
    bytesSent.addAndGet(bytes);
  }

  public Snapshot snapshot() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    byMethod.forEach((m, n) -> copy.put(m, n.sum()));
    return new Snapshot(Map.copyOf(copy), bytesReceived.get(), bytesSent.get());
  }
}
