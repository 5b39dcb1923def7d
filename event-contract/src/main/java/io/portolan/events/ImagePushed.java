package io.portolan.events;

import java.util.Objects;

/**
 * CI pushed an image.
 *
 * @param registry the registry's name or id in the catalog
 * @param digest {@code sha256:<hex>} of the manifest, optional
 */
public record ImagePushed(
    int schemaVersion, String registry, String repository, String tag, String digest)
    implements BuildEvent {
  public static final int SCHEMA_VERSION = 1;

  public ImagePushed {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
  }

  public ImagePushed(String registry, String repository, String tag, String digest) {
    this(SCHEMA_VERSION, registry, repository, tag, digest);
  }

  @Override
  public String key() {
    return registry + "/" + repository;
  }
}
