package io.portolan.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds free TCP ports on the loopback interface. */
public final class FreePorts {
  private FreePorts() {}

  /**
   * Returns a port that was free a moment ago. Another process may take it before the caller binds,
   * which on a test machine is rare enough that callers simply bind right away.
   */
  public static int next() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Tried to find a free port but failed because: " + e, e);
    }
  }
}
