/**
 * The event contract: every message Portolan services exchange over Kafka, as records sealed per
 * topic, with topic names and CloudEvents header keys as constants.
 */
package io.portolan.events;
