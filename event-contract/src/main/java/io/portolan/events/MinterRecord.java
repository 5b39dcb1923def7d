package io.portolan.events;

/**
 * The minter's own records on {@link Topic#CREDENTIALS}, keyed {@code mint/<identityKey>}.
 * Consumers ignore them.
 */
public sealed interface MinterRecord extends PortolanEvent permits CredentialMinted {}
