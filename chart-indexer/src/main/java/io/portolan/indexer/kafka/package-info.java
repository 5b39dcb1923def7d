/** The indexer on Kafka: its identity, the registries, credentials and chart events it reads. */
package io.portolan.indexer.kafka;
