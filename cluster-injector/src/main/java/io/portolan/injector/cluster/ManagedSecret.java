package io.portolan.injector.cluster;

/** A pull secret Portolan manages in the cluster, as its labels and annotations describe it. */
public record ManagedSecret(
    String namespace, String name, String registryId, String contentHash, String resourceVersion) {}
