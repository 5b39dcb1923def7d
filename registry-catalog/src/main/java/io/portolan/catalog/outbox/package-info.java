/**
 * The transactional outbox: events are written in the transaction of the change they announce, and
 * one relay at a time publishes them in order with an idempotent producer.
 */
package io.portolan.catalog.outbox;
