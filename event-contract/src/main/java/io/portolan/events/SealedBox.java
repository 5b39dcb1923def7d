package io.portolan.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Ciphertext sealed to one recipient's public keyset (Tink hybrid encryption), either directly or
 * through a data key: then {@code wrappedKey} is a data key sealed to the recipient (bound to
 * {@code keyContext}) and {@code ciphertext} is AES-256-GCM under it, so that many boxes for one
 * recipient cost one hybrid encryption.
 *
 * @param recipient the fingerprint of the public keyset it was sealed to
 * @param ciphertext base64 of the Tink ciphertext, or of the nonce and AES-GCM ciphertext
 * @param wrappedKey base64 of the data key sealed to the recipient; null when sealed directly
 * @param keyContext the context the data key was sealed under; null when sealed directly
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SealedBox(String recipient, String ciphertext, String wrappedKey, String keyContext) {
  public SealedBox {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(ciphertext, "ciphertext");
    if ((wrappedKey == null) != (keyContext == null)) {
      throw new IllegalArgumentException("wrappedKey and keyContext come together");
    }
  }

  /** A box sealed directly to the recipient. */
  public SealedBox(String recipient, String ciphertext) {
    this(recipient, ciphertext, null, null);
  }

  @Override
  public String toString() {
    return "SealedBox[recipient=" + recipient + ", " + ciphertext.length() + " chars]";
  }
}
