/** The minter on Kafka: which topics feed the core, and where its output goes. */
package io.portolan.minter.kafka;
