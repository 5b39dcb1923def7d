package io.portolan.indexer.index;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs indexing work on one thread: a registry to index (a registry event, a credential arriving,
 * the periodic resync) or one repository (a {@code chart.pushed}). Requests for work already queued
 * are merged.
 *
 * <p>Thread-safe: {@link #registry} and {@link #repository} may be called from any thread.
 */
public final class IndexingLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexingLoop.class);

  private record Work(String registryId, String repository) {}

  private final IndexingService service;
  private final Supplier<Set<String>> allChartRegistries;
  private final Duration resync;
  private final Set<Work> queue = new LinkedHashSet<>(); // guarded by this
  private final Thread thread;
  private volatile boolean running = true;
  private long nextResync;

  public IndexingLoop(
      IndexingService service, Supplier<Set<String>> allChartRegistries, Duration resync) {
    this.service = service;
    this.allChartRegistries = allChartRegistries;
    this.resync = resync;
    this.thread = new Thread(this::run, "indexing-loop");
    this.thread.setDaemon(true);
  }

  public IndexingLoop start() {
    nextResync = System.nanoTime() + resync.toNanos();
    thread.start();
    return this;
  }

  public synchronized void registry(String registryId) {
    queue.add(new Work(registryId, null));
    notifyAll();
  }

  public synchronized void repository(String registryId, String repository) {
    queue.add(new Work(registryId, repository));
    notifyAll();
  }

  private void run() {
    while (running) {
      Work next;
      try {
        next = take();
      } catch (InterruptedException e) {
        return;
      }
      if (next == null) {
        allChartRegistries.get().forEach(this::registry);
        continue;
      }
      try {
        if (next.repository() == null) {
          service.indexRegistry(next.registryId());
        } else {
          service.indexRepository(next.registryId(), next.repository());
        }
      } catch (RuntimeException e) {
        LOG.error("Indexing [{}] failed", next, e);
      }
    }
  }

  /** The next work item, or null when the resync is due. */
  private synchronized Work take() throws InterruptedException {
    while (queue.isEmpty()) {
      long wait = nextResync - System.nanoTime();
      if (wait <= 0) {
        nextResync = System.nanoTime() + resync.toNanos();
        return null;
      }
      wait(Math.max(1, wait / 1_000_000));
    }
    var it = queue.iterator();
    Work work = it.next();
    it.remove();
    return work;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
