package io.portolan.injector.pullsecret;

/** The labels and annotations Portolan puts on what it manages. */
public final class Labels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String PORTOLAN = "portolan";
  public static final String CLUSTER = "portolan.io/cluster";
  public static final String REGISTRY_ID = "portolan.io/registry-id";
  public static final String REGISTRY_NAME = "portolan.io/registry";
  public static final String GENERATION = "portolan.io/generation";
  public static final String EXPIRES_AT = "portolan.io/expires-at";
  public static final String CONTENT_HASH = "portolan.io/content-hash";

  /** On a ServiceAccount: the pull secrets Portolan added to it, comma-separated. */
  public static final String ADDED_PULL_SECRETS = "portolan.io/image-pull-secrets";

  private Labels() {}
}
