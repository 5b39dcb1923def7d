/** Kafka configuration, the event publisher and consumer lifecycles as Micronaut beans. */
package io.portolan.service.kafka;
