package io.portolan.sealing;

/** A box could not be sealed or opened, or a keyset could not be read. Never carries secrets. */
public final class SealingException extends Exception {
  public SealingException(String message, Throwable cause) {
    super(message, cause);
  }

  public SealingException(String message) {
    super(message);
  }
}
