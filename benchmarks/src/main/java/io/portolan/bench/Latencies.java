package io.portolan.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, recorded from many threads; percentiles on demand. */
final class Latencies {
  private long[] values = new long[1024];
  private int size;

  synchronized void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  synchronized int count() {
    return size;
  }

  /** The p-th percentile (0-100) in milliseconds, nearest-rank. */
  synchronized double percentileMillis(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
  }

  /** {@code p50 / p95 / p99 / max} in ms. */
  String summary() {
    return String.format(
        "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
        percentileMillis(50), percentileMillis(95), percentileMillis(99), percentileMillis(100));
  }
}
