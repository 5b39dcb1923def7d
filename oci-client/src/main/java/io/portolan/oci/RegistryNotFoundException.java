package io.portolan.oci;

import java.util.List;

/** The repository, manifest or blob does not exist (404, *_UNKNOWN). */
public final class RegistryNotFoundException extends RegistryException {
  public RegistryNotFoundException(
      String registry,
      String repository,
      String action,
      int status,
      List<String> codes,
      String reasons) {
    super(registry, repository, action, status, codes, reasons, null);
  }
}
