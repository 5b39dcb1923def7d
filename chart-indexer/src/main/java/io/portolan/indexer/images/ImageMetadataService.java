package io.portolan.indexer.images;

import io.portolan.events.EventJson;
import io.portolan.events.ImagePushed;
import io.portolan.events.RegistryChanged;
import io.portolan.indexer.images.jdbc.ImageMetadataRepository;
import io.portolan.indexer.images.jdbc.ImageMetadataRow;
import io.portolan.indexer.index.RegistryAccess;
import io.portolan.oci.RegistryClient;
import io.portolan.oci.RegistryException;
import io.portolan.oci.RegistryNotFoundException;
import io.portolan.service.http.ApiProblem;
import io.portolan.service.registries.RegistryDirectory;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image metadata, from the cache when it holds the reference (an {@code image.pushed} event fills
 * it at once), else read from the registry and cached.
 *
 * <p>Thread-safe.
 */
@Singleton
public class ImageMetadataService {
  private static final Logger LOG = LoggerFactory.getLogger(ImageMetadataService.class);

  private final RegistryDirectory registries;
  private final RegistryAccess access;
  private final ImageMetadataRepository cache;
  private final ImageMetadataReader reader;

  public ImageMetadataService(
      RegistryDirectory registries, RegistryAccess access, ImageMetadataRepository cache) {
    this.registries = registries;
    this.access = access;
    this.cache = cache;
    this.reader = new ImageMetadataReader(java.time.Clock.systemUTC());
  }

  private static String id(String registryId, String repository, String reference) {
    return registryId + "/" + repository + ":" + reference;
  }

  /**
   * The metadata of {@code repository:reference} in the registry (by name or id); {@code refresh}
   * reads the registry even when the cache holds it. Refusals are {@link ApiProblem}s.
   */
  public ImageMetadata get(String registry, String repository, String reference, boolean refresh) {
    RegistryChanged known =
        registries.find(registry).orElseThrow(() -> ApiProblem.notFound("registry " + registry));
    if (!refresh) {
      Optional<ImageMetadataRow> cached =
          cache.findById(id(known.registryId(), repository, reference));
      if (cached.isPresent()) {
        return parse(cached.get());
      }
    }
    return fetch(known, repository, reference);
  }

  /** CI pushed an image: read its metadata now, so the API answers from the cache. */
  public void pushed(ImagePushed event) {
    RegistryChanged known = registries.find(event.registry()).orElse(null);
    if (known == null) {
      LOG.warn(
          "image.pushed names registry [{}], which the catalog does not know", event.registry());
      return;
    }
    String reference = event.tag() != null && !event.tag().isBlank() ? event.tag() : event.digest();
    if (reference == null || reference.isBlank()) {
      LOG.warn("image.pushed for [{}] names neither a tag nor a digest", event.repository());
      return;
    }
    try {
      ImageMetadata m = fetch(known, event.repository(), reference);
      LOG.info("Cached metadata of [{}:{}] ({})", event.repository(), reference, m.digest());
    } catch (ApiProblem e) {
      LOG.warn(
          "Could not read the metadata of [{}:{}] after image.pushed: {}",
          event.repository(),
          reference,
          e.getMessage());
    }
  }

  private ImageMetadata fetch(RegistryChanged registry, String repository, String reference) {
    RegistryClient client = access.client(registry);
    if (client == null) {
      throw new ApiProblem(
          409,
          "no-credential",
          "No credential yet",
          "The indexer holds no credential for registry "
              + registry.registry().name()
              + "; the catalog grants it for registries used to push images or as chart"
              + " repositories",
          List.of());
    }
    ImageMetadata m;
    try {
      m = reader.read(client, registry.registry().name(), repository, reference);
    } catch (RegistryNotFoundException e) {
      throw ApiProblem.notFound("image " + repository + ":" + reference);
    } catch (ImageMetadataReader.NotAnImageException e) {
      throw new ApiProblem(
          422,
          "not-an-image",
          "Not a container image",
          repository + ":" + reference + " is " + e.getMessage(),
          List.of());
    } catch (RegistryException | IOException e) {
      throw new ApiProblem(
          502,
          "registry-failed",
          "The registry failed",
          "Reading " + repository + ":" + reference + " failed: " + e.getMessage(),
          List.of());
    }
    store(registry.registryId(), m);
    return m;
  }

  private void store(String registryId, ImageMetadata m) {
    String json;
    try {
      json = EventJson.mapper().writeValueAsString(m);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ImageMetadataRow row =
        new ImageMetadataRow(
            id(registryId, m.repository(), m.reference()),
            registryId,
            m.repository(),
            m.reference(),
            m.digest(),
            json,
            m.fetchedAt());
    if (cache.existsById(row.id())) {
      cache.update(row);
    } else {
      cache.save(row);
    }
  }

  private static ImageMetadata parse(ImageMetadataRow row) {
    try {
      return EventJson.mapper().readValue(row.metadata(), ImageMetadata.class);
    } catch (IOException e) {
      throw new IllegalStateException("A cached image metadata row is not readable", e);
    }
  }
}
