package io.portolan.providers;

/**
 * A mint failed. The message says why in words a platform team can act on (it goes to {@code
 * status} and to the catalog's connection test); it never holds a secret. {@code retryable} is
 * false when trying again cannot help until someone changes the credentials.
 */
public final class MintException extends Exception {
  private final boolean retryable;

  public MintException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public MintException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  /** Whether the same request may succeed later (a timeout, a throttle, a 5xx). */
  public boolean retryable() {
    return retryable;
  }
}
