/**
 * Kafka plumbing for the contract: a publisher, consumer loops that never stop on a bad message,
 * topic provisioning.
 */
package io.portolan.events.kafka;
