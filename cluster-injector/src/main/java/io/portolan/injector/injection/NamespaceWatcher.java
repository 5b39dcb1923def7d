package io.portolan.injector.injection;

import io.portolan.injector.cluster.Cluster;
import io.portolan.injector.cluster.ClusterException;
import io.portolan.injector.cluster.NamespaceInfo;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when namespaces appear, change labels or go: through a watch, which sees a new
 * namespace at once, and a periodic list as the fallback for API servers or proxies that cannot
 * watch (the list runs either way; it costs one read).
 *
 * <p>Thread-safe; owns two daemon threads until closed.
 */
public final class NamespaceWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceWatcher.class);

  private final Cluster cluster;
  private final Runnable onChange;
  private final Duration pollInterval;
  private final Thread watcher;
  private final Thread poller;
  private volatile boolean running = true;

  public NamespaceWatcher(Cluster cluster, Runnable onChange, Duration pollInterval) {
    this.cluster = cluster;
    this.onChange = onChange;
    this.pollInterval = pollInterval;
    this.watcher = new Thread(this::watch, "namespace-watch");
    this.poller = new Thread(this::poll, "namespace-poll");
    watcher.setDaemon(true);
    poller.setDaemon(true);
  }

  public NamespaceWatcher start() {
    watcher.start();
    poller.start();
    return this;
  }

  private void watch() {
    long backoff = 1000;
    String lastError = null;
    while (running) {
      try {
        cluster.watchNamespaces(onChange, () -> running);
        backoff = 1000;
      } catch (ClusterException e) {
        if (!Objects.equals(lastError, e.getMessage())) {
          LOG.info(
              "Cannot watch namespaces ({}); new namespaces are found by listing every {}",
              e.getMessage(),
              pollInterval);
          lastError = e.getMessage();
        }
        backoff = Math.min(backoff * 2, 300_000);
      }
      if (!sleep(backoff)) {
        return;
      }
    }
  }

  private void poll() {
    List<NamespaceInfo> last = null;
    while (running && sleep(pollInterval.toMillis())) {
      try {
        List<NamespaceInfo> now = cluster.namespaces();
        now = now.stream().sorted(java.util.Comparator.comparing(NamespaceInfo::name)).toList();
        if (last != null && !last.equals(now)) {
          onChange.run();
        }
        last = now;
      } catch (ClusterException e) {
        LOG.debug("Could not list namespaces: {}", e.getMessage());
      }
    }
  }

  private boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    running = false;
    watcher.interrupt();
    poller.interrupt();
  }
}
