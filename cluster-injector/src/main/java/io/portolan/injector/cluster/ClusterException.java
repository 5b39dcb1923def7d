package io.portolan.injector.cluster;

/** The Kubernetes API refused or failed a call; the message says which and why, in words. */
public final class ClusterException extends Exception {
  private final int status;

  public ClusterException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, or 0 when the API server was not reached. */
  public int status() {
    return status;
  }
}
