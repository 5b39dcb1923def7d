/** The pusher on Kafka: its identity, the registries and credentials it reads. */
package io.portolan.pusher.kafka;
