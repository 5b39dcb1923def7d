/**
 * In-process infrastructure (a KRaft Kafka broker, an embedded PostgreSQL) for the one-command run
 * and for tests.
 */
package io.portolan.embedded;
