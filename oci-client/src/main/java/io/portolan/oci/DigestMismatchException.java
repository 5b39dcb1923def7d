package io.portolan.oci;

import java.util.List;

/** Content read from the registry does not match the digest it was asked for or announced. */
public final class DigestMismatchException extends RegistryException {
  public DigestMismatchException(
      String registry, String repository, String action, Digest expected, Digest actual) {
    super(
        registry,
        repository,
        action,
        0,
        List.of("DIGEST_INVALID"),
        "the content has digest " + actual + ", not " + expected,
        null);
  }
}
