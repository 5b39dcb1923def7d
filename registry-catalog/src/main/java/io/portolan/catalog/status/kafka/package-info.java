/** Reads {@code status}. */
package io.portolan.catalog.status.kafka;
