/** All five services in one JVM on embedded Kafka and PostgreSQL: {@code ./portolan up}. */
package io.portolan.platform;
