package io.portolan.events;

/**
 * The outcome of decoding one Kafka record: an event, or the reason it was skipped. Consumers skip
 * (and count) everything but {@link Ok}; a bad message never stops them.
 */
public sealed interface Decoded {

  /** A well-formed event of a known type. */
  record Ok(Envelope<? extends PortolanEvent> envelope) implements Decoded {}

  /** A CloudEvent of a type this code does not know, or a newer major schema version. */
  record Unsupported(String type, String reason) implements Decoded {}

  /** Not a readable event: missing headers, bad JSON, missing required fields. */
  record Malformed(String reason) implements Decoded {}
}
