package io.portolan.catalog.registry;

import java.util.Base64;
import java.util.Set;

/** Checks an SSH host key as {@code ssh-keyscan} prints it ({@code [host] <type> <base64>}). */
final class KnownHostKeys {
  private static final Set<String> TYPES =
      Set.of(
          "ssh-ed25519",
          "ssh-rsa",
          "rsa-sha2-256",
          "rsa-sha2-512",
          "ecdsa-sha2-nistp256",
          "ecdsa-sha2-nistp384",
          "ecdsa-sha2-nistp521",
          "sk-ssh-ed25519@openssh.com",
          "sk-ecdsa-sha2-nistp256@openssh.com");

  private KnownHostKeys() {}

  static boolean valid(String line) {
    String[] parts = line.trim().split("\\s+");
    for (int i = 0; i + 1 < parts.length && i < 2; i++) {
      if (TYPES.contains(parts[i])) {
        try {
          return Base64.getDecoder().decode(parts[i + 1]).length >= 32;
        } catch (IllegalArgumentException e) {
          return false;
        }
      }
    }
    return false;
  }
}
