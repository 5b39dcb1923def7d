/**
 * Minting, framework-free: which consumers may hold which registry's credential, when to mint, and
 * what to publish. Providers sit behind {@link io.portolan.minter.mint.TokenMinter}.
 */
package io.portolan.minter.mint;
