package io.portolan.minter.mint;

import io.portolan.minter.mint.MinterCore.MintJob;
import io.portolan.providers.MintException;
import io.portolan.providers.MintedCredential;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the core's due mints on a pool of workers, each after a token from the rate limiter of its
 * AWS account and region. Looks for due work every {@code tick}, and at once when the core says
 * something changed; also reports expiring credentials and reconciles everything every {@code
 * resyncEvery} ticks.
 *
 * <p>Thread-safe.
 */
public final class MintScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MintScheduler.class);

  private final MinterCore core;
  private final RateLimiter limiter;
  private final ExecutorService workers;
  private final Duration tick;
  private final int resyncEvery;
  private final Semaphore wake = new Semaphore(0);
  private final AtomicLong upstreamCalls = new AtomicLong();
  private final AtomicLong upstreamFailures = new AtomicLong();
  private volatile boolean running;
  private Thread thread;

  public MintScheduler(
      MinterCore core,
      RateLimiter limiter,
      ExecutorService workers,
      Duration tick,
      int resyncEvery) {
    this.core = core;
    this.limiter = limiter;
    this.workers = workers;
    this.tick = tick;
    this.resyncEvery = resyncEvery;
    core.onWork(wake::release);
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::loop, "mint-scheduler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    long ticks = 0;
    while (running) {
      try {
        core.checkExpiry();
        for (MintJob job : core.due()) {
          workers.submit(() -> run(job));
        }
        if (++ticks % resyncEvery == 0) {
          core.resync();
        }
        wake.tryAcquire(tick.toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("The mint scheduler failed a round; going on", e);
      }
    }
  }

  /** Runs every due mint in the calling thread (tests with a controlled clock). */
  public void runDue() {
    core.checkExpiry();
    for (MintJob job : core.due()) {
      run(job);
    }
  }

  private void run(MintJob job) {
    try {
      limiter.acquire(job.rateLimitKey());
      upstreamCalls.incrementAndGet();
      MintedCredential credential = job.minter().mint(job.registry(), job.root());
      core.completed(job, credential);
    } catch (MintException e) {
      upstreamFailures.incrementAndGet();
      core.failed(job, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      core.failed(job, new MintException("the minter is stopping", true, e));
    } catch (RuntimeException e) {
      upstreamFailures.incrementAndGet();
      LOG.error("Minting identity [{}] failed unexpectedly", job.identityKey(), e);
      core.failed(job, new MintException("the minter failed unexpectedly (" + e + ")", true, e));
    }
  }

  /** Upstream mints attempted since start. */
  public long upstreamCalls() {
    return upstreamCalls.get();
  }

  /** Upstream mints that failed since start. */
  public long upstreamFailures() {
    return upstreamFailures.get();
  }

  @Override
  public synchronized void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
