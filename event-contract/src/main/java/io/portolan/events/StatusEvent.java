package io.portolan.events;

/** Events on {@link Topic#STATUS}: what each service did, keyed by the subject it is about. */
public sealed interface StatusEvent extends PortolanEvent
    permits MintStatus, InjectionStatus, IndexStatus, PushStatus {}
