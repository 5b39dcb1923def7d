package io.portolan.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An event of the contract. Each record belongs to one sealed interface of its topic, carries the
 * major version of its data schema, and names the aggregate it is keyed by.
 *
 * <p>Within a schema version, changes are additive: readers ignore fields they do not know.
 */
public sealed interface PortolanEvent
    permits RegistryEvent,
        ConsumerAnnouncement,
        ConsumerDecision,
        CredentialEvent,
        MinterRecord,
        StatusEvent,
        BuildEvent,
        ChartEvent {

  /** The major version of the data schema this record was written with. */
  int schemaVersion();

  /** The Kafka key: the aggregate this event is about. */
  @JsonIgnore
  String key();
}
