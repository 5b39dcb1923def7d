/** Reads {@code consumers.announced}. */
package io.portolan.catalog.consumer.kafka;
