package io.portolan.oci;

import java.io.IOException;

/** A host resolved to an address the client's {@link AddressPolicy} refuses; never retried. */
public final class RefusedAddressException extends IOException {
  public RefusedAddressException(String message) {
    super(message);
  }
}
