package io.portolan.minter.mint;

/**
 * A mint failed. The message says why in words a platform team can act on, and goes to {@code
 * status}; it never holds a secret.
 */
public final class MintException extends Exception {
  public MintException(String message, Throwable cause) {
    super(message, cause);
  }

  public MintException(String message) {
    super(message);
  }
}
