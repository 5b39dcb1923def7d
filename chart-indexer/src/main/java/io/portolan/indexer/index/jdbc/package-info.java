/** The chart index in PostgreSQL. */
package io.portolan.indexer.index.jdbc;
