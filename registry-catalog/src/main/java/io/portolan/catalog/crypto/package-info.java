/** The catalog's keys: the master keyset for secrets at rest, and the minter's public keyset. */
package io.portolan.catalog.crypto;
