package io.portolan.catalog.auth;

import java.util.Set;

/** The API's roles. */
public final class Roles {
  /** Everything, including secrets in requests (never in responses). */
  public static final String ADMIN = "admin";

  /** Read-only, and never any secret material. */
  public static final String VIEWER = "viewer";

  /** Build events and chart uploads; reads registries (to name push targets), changes nothing. */
  public static final String CI = "ci";

  public static final Set<String> ALL = Set.of(ADMIN, VIEWER, CI);

  private Roles() {}
}
