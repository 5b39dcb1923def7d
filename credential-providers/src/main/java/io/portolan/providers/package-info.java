/**
 * From a registry's root credentials to a pull credential: one {@link
 * io.portolan.providers.TokenMinter} per provider, chosen by {@link
 * io.portolan.providers.Providers}, with every upstream endpoint configurable in {@link
 * io.portolan.providers.ProviderSettings}. Nothing here keeps state; callers (the minter, the
 * catalog's connection test) decide when to mint and what to do with the result.
 */
package io.portolan.providers;
