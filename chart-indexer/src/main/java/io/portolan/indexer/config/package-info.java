/** The indexer's configuration. */
package io.portolan.indexer.config;
