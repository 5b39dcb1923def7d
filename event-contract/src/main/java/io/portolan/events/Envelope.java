package io.portolan.events;

import java.time.Instant;

/**
 * A decoded event with the CloudEvents attributes and Kafka coordinates it arrived with.
 *
 * @param time the CloudEvents {@code time}, or the record timestamp when absent
 */
public record Envelope<E extends PortolanEvent>(
    Topic topic,
    String key,
    String id,
    String source,
    String type,
    Instant time,
    E event,
    int partition,
    long offset) {}
