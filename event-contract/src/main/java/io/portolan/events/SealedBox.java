package io.portolan.events;

import java.util.Objects;

/**
 * Ciphertext sealed to one recipient's public keyset (Tink hybrid encryption).
 *
 * @param recipient the fingerprint of the public keyset it was sealed to
 * @param ciphertext base64 of the Tink ciphertext
 */
public record SealedBox(String recipient, String ciphertext) {
  public SealedBox {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(ciphertext, "ciphertext");
  }

  @Override
  public String toString() {
    return "SealedBox[recipient=" + recipient + ", " + ciphertext.length() + " chars]";
  }
}
