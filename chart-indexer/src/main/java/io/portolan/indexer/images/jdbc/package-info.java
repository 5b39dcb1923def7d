/** The image metadata cache in PostgreSQL. */
package io.portolan.indexer.images.jdbc;
