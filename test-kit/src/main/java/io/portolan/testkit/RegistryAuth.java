package io.portolan.testkit;

/** How a test registry authenticates clients. */
public enum RegistryAuth {
  /** No authentication at all. */
  ANONYMOUS,
  /** HTTP Basic against a bcrypt htpasswd file: challenge {@code Basic realm=...}. */
  HTPASSWD,
  /** Bearer tokens from the test kit's {@link TokenServer}: challenge {@code Bearer realm=...}. */
  TOKEN
}
