package io.portolan.testkit;

/**
 * A login on a test registry.
 *
 * @param canPush whether the token server grants push (htpasswd grants everything to every user)
 */
public record RegistryUser(String username, String password, boolean canPush) {
  @Override
  public String toString() {
    return "RegistryUser[" + username + "]";
  }
}
