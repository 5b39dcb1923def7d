package io.portolan.oci;

import java.util.List;

/** The registry refused the credentials, or they do not grant the action (401, 403, DENIED). */
public final class RegistryUnauthorizedException extends RegistryException {
  public RegistryUnauthorizedException(
      String registry,
      String repository,
      String action,
      int status,
      List<String> codes,
      String reasons) {
    super(registry, repository, action, status, codes, reasons, null);
  }
}
