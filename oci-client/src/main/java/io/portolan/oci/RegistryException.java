package io.portolan.oci;

import java.util.List;

/**
 * A registry call failed. Carries the registry, the repository (when the call had one), the action
 * in words, the HTTP status (0 when the registry was not reached) and the registry's error codes.
 * The message has one shape: {@code Tried to <action> but failed because: <reasons>}.
 */
public class RegistryException extends Exception {
  private final String registry;
  private final String repository;
  private final String action;
  private final int status;
  private final List<String> errorCodes;

  public RegistryException(
      String registry,
      String repository,
      String action,
      int status,
      List<String> errorCodes,
      String reasons,
      Throwable cause) {
    super("Tried to " + action + " but failed because: " + reasons, cause);
    this.registry = registry;
    this.repository = repository;
    this.action = action;
    this.status = status;
    this.errorCodes = errorCodes == null ? List.of() : List.copyOf(errorCodes);
  }

  public String registry() {
    return registry;
  }

  /** The repository, or null for registry-wide calls. */
  public String repository() {
    return repository;
  }

  public String action() {
    return action;
  }

  /** The HTTP status, or 0 when no response came. */
  public int status() {
    return status;
  }

  /** Error codes from the registry's JSON error body, such as {@code MANIFEST_UNKNOWN}. */
  public List<String> errorCodes() {
    return errorCodes;
  }
}
