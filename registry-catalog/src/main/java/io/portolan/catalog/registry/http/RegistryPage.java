package io.portolan.catalog.registry.http;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of registries. */
@Serdeable
public record RegistryPage(List<RegistryView> items, int page, int size, long total) {}
