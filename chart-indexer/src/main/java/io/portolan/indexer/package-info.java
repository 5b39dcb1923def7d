/** The chart indexer: a chart store index that stays current without pulling charts. */
package io.portolan.indexer;
