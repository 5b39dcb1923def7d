package io.portolan.oci;

import java.util.Objects;

/**
 * A registry login: a username and a password or token. {@code toString()} never shows the
 * password.
 */
public final class RegistryCredential {
  private static final RegistryCredential ANONYMOUS = new RegistryCredential(null, null);

  private final String username;
  private final String password;

  private RegistryCredential(String username, String password) {
    this.username = username;
    this.password = password;
  }

  public static RegistryCredential basic(String username, String password) {
    return new RegistryCredential(
        Objects.requireNonNull(username, "username"), Objects.requireNonNull(password, "password"));
  }

  public static RegistryCredential anonymous() {
    return ANONYMOUS;
  }

  public boolean isAnonymous() {
    return username == null;
  }

  public String username() {
    return username;
  }

  /** The password in clear; only the auth code calls this. */
  String password() {
    return password;
  }

  String basicHeader() {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(
                (username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return isAnonymous()
        ? "RegistryCredential[anonymous]"
        : "RegistryCredential[" + username + ", ***]";
  }
}
