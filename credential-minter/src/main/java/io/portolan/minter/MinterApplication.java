package io.portolan.minter;

import io.micronaut.runtime.Micronaut;
import io.portolan.service.EmbeddedStart;
import java.util.Map;

/** Starts the credential minter. */
public final class MinterApplication {
  private MinterApplication() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(MinterApplication.class).banner(false).start();
  }

  /**
   * Starts the minter inside another program (the embedded platform) with the given properties; the
   * caller closes what is returned.
   */
  public static AutoCloseable startEmbedded(Map<String, Object> properties) {
    return EmbeddedStart.start(MinterApplication.class, properties);
  }
}
