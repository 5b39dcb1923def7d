/** The chart store API. */
package io.portolan.indexer.http;
