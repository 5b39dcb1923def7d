/** The injector on Kafka: its identity, the topics it reads and the status it reports. */
package io.portolan.injector.kafka;
