package io.portolan.pusher;

import io.micronaut.runtime.Micronaut;
import io.portolan.service.EmbeddedStart;
import java.util.Map;

/** Starts the helm-pusher. */
public final class PusherApplication {
  private PusherApplication() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(PusherApplication.class).banner(false).start();
  }

  /**
   * Starts the pusher inside another program (the embedded platform) with the given properties; the
   * caller closes what is returned.
   */
  public static AutoCloseable startEmbedded(Map<String, Object> properties) {
    return EmbeddedStart.start(PusherApplication.class, properties);
  }
}
