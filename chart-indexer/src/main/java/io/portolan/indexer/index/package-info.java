/**
 * Indexing, framework-free apart from the storage adapter: which tags are charts, which are new or
 * changed, and what to read (manifest and config blob, never the chart archive).
 */
package io.portolan.indexer.index;
