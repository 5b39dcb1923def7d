package io.portolan.minter.mint;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (an AWS account and region), so that however many identities of one
 * account come due together, the minter calls ECR at most {@code perSecond} times a second (with a
 * burst of as many). ECR allows 20 per second sustained per account and region.
 *
 * <p>Thread-safe; {@link #acquire} blocks the calling worker until a token is free.
 */
public final class RateLimiter {
  private final double perSecond;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(double perSecond) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("a rate must be positive, got " + perSecond);
    }
    this.perSecond = perSecond;
  }

  /** Waits for a token of the key; null keys are not limited. Returns how long it waited. */
  public Duration acquire(String key) throws InterruptedException {
    if (key == null) {
      return Duration.ZERO;
    }
    return buckets.computeIfAbsent(key, k -> new Bucket()).take();
  }

  private final class Bucket {
    private double tokens = perSecond;
    private long refilledAt = System.nanoTime();

    Duration take() throws InterruptedException {
      long waited = 0;
      while (true) {
        long sleepNanos;
        synchronized (this) {
          long now = System.nanoTime();
          tokens = Math.min(perSecond, tokens + (now - refilledAt) / 1e9 * perSecond);
          refilledAt = now;
          if (tokens >= 1) {
            tokens -= 1;
            return Duration.ofNanos(waited);
          }
          sleepNanos = (long) ((1 - tokens) / perSecond * 1e9);
        }
        Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
        waited += sleepNanos;
      }
    }
  }
}
