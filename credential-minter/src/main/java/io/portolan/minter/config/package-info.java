/** The minter's configuration and keys. */
package io.portolan.minter.config;
