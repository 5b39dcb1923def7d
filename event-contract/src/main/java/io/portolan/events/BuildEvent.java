package io.portolan.events;

/**
 * Events on {@link Topic#BUILD_EVENTS}: input from CI pipelines, published with any CloudEvents
 * SDK.
 */
public sealed interface BuildEvent extends PortolanEvent permits ImagePushed, ChartPushRequested {}
