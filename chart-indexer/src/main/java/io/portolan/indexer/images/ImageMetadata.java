package io.portolan.indexer.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an image's config says about running it. Environment variables are listed by name only:
 * their values may be secrets baked into the image, and are never stored or served.
 *
 * @param reference the tag or digest it was asked for
 * @param digest the manifest digest the metadata was read from (the platform's, for an index)
 * @param exposedPorts {@code 8080/tcp}, as the config lists them
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS) // empty lists stay in the JSON
public record ImageMetadata(
    String registry,
    String repository,
    String reference,
    String digest,
    @Nullable String os,
    @Nullable String architecture,
    List<String> exposedPorts,
    List<String> entrypoint,
    List<String> cmd,
    List<String> env,
    Map<String, String> labels,
    @Nullable String workingDir,
    @Nullable String user,
    Instant fetchedAt) {}
