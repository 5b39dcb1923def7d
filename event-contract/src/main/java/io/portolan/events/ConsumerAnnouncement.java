package io.portolan.events;

/** Events on {@link Topic#CONSUMERS_ANNOUNCED}. */
public sealed interface ConsumerAnnouncement extends PortolanEvent permits ConsumerAnnounced {}
