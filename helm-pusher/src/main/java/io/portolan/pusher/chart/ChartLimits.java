package io.portolan.pusher.chart;

/** Bounds on a chart package, checked while it is read (so a gzip bomb stops early). */
public record ChartLimits(long maxCompressedBytes, long maxUncompressedBytes, int maxEntries) {
  public static final ChartLimits DEFAULT = new ChartLimits(10L << 20, 50L << 20, 5000);
}
