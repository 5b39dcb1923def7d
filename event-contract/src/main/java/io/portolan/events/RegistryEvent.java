package io.portolan.events;

/** Events on {@link Topic#REGISTRY_CHANGES}. */
public sealed interface RegistryEvent extends PortolanEvent permits RegistryChanged {}
