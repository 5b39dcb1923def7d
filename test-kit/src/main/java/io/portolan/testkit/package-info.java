/**
 * Real processes for tests, started once per test JVM and stopped at its exit: a KRaft Kafka
 * broker, PostgreSQL, Debian's {@code docker-registry} in three auth variants, and Kubernetes API
 * stand-ins. Everything is written under the module's {@code target/}.
 */
package io.portolan.testkit;
